package org.telvirt.report;

import java.util.Objects;
import java.util.Optional;

import org.HdrHistogram.Histogram;

/**
 * One configuration of a figure as the reports show it: one box of the boxplot, one line of the
 * CSV and of the tables.
 *
 * <p>A row without delay percentiles still belongs in every report: either the run failed to
 * measure ({@link #noData}: loss unknown, {@code lossPercent} is NaN) or no packet came back
 * (measured with an empty histogram: 100 % loss, no delay to plot).
 *
 * @param configurationId the figure's column id, e.g. {@code N}, {@code D}, {@code 2.1}
 * @param streams         media streams offered
 * @param packetsSent     packets the generator sent (0 when the run failed to measure)
 * @param lossPercent     packets lost in percent of those sent, NaN when unknown
 * @param delay           the delay percentiles, {@code null} when there is no delay sample
 * @param noDataReason    why the run produced no measurement, {@code null} for a measured run
 * @param quality         the run's telephony figures; {@link CallQuality#UNMEASURED} unless given
 */
public record DelayRow(
        String configurationId,
        int streams,
        long packetsSent,
        double lossPercent,
        DelayPercentiles delay,
        String noDataReason,
        CallQuality quality) {

    public DelayRow {
        Objects.requireNonNull(configurationId, "configurationId");
        Objects.requireNonNull(quality, "quality");
        if (configurationId.isBlank()) {
            throw new IllegalArgumentException("configuration id must not be blank");
        }
        if (streams < 0) {
            throw new IllegalArgumentException("streams must be >= 0 for configuration "
                    + configurationId + ", got " + streams);
        }
        if (packetsSent < 0) {
            throw new IllegalArgumentException("packetsSent must be >= 0 for configuration "
                    + configurationId + ", got " + packetsSent);
        }
        if (noDataReason == null) {
            if (!(lossPercent >= 0.0 && lossPercent <= 100.0)) {
                throw new IllegalArgumentException("lossPercent must be within 0..100 for configuration "
                        + configurationId + ", got " + lossPercent);
            }
        } else if (delay != null || !Double.isNaN(lossPercent)) {
            throw new IllegalArgumentException("configuration " + configurationId
                    + " has no data (" + noDataReason + ") and cannot carry a loss or delay");
        }
    }

    /** A measured run; an empty histogram means no packet came back, so there is no delay to plot. */
    public static DelayRow measured(String configurationId, int streams, long packetsSent,
                                    double lossPercent, Histogram delayMicros) {
        Objects.requireNonNull(delayMicros, "delayMicros");
        DelayPercentiles delay = delayMicros.getTotalCount() == 0 ? null : DelayPercentiles.of(delayMicros);
        return new DelayRow(configurationId, streams, packetsSent, lossPercent, delay, null, CallQuality.UNMEASURED);
    }

    /** A run that failed to measure: it stays in every report, labelled "no data". */
    public static DelayRow noData(String configurationId, int streams, String reason) {
        Objects.requireNonNull(reason, "reason");
        return new DelayRow(configurationId, streams, 0, Double.NaN, null, reason, CallQuality.UNMEASURED);
    }

    /** The same row with the run's telephony figures. */
    public DelayRow withQuality(CallQuality measured) {
        return new DelayRow(configurationId, streams, packetsSent, lossPercent, delay, noDataReason, measured);
    }

    public boolean measuredRun() {
        return noDataReason == null;
    }

    public Optional<DelayPercentiles> delayPercentiles() {
        return Optional.ofNullable(delay);
    }
}
