package org.telvirt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The table a profile run ends with: one line per configuration run, in the order they finished:
 * figure, configuration, streams, loss, p50, p99, the telephony figures (MOS, the worst stream's loss,
 * the longest loss burst in packets, p99 call setup, failed calls; "-" where not measured) and the SLO
 * verdict. Safe to fill from several test threads.
 */
public final class ResultsTable {
    public static final List<String> HEADER = List.of("figure", "configuration", "streams", "loss", "p50", "p99",
            "MOS", "worst stream", "burst", "setup p99", "failed calls", "SLO");

    /** One line of the table. */
    public record Entry(String figure, DelayRow row, SloVerdict verdict) {
        public Entry {
            Objects.requireNonNull(figure, "figure");
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(String figure, DelayRow row, SloVerdict verdict) {
        entries.add(new Entry(figure, row, verdict));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The table as OpenMetrics text, one sample per measured configuration and measure, for a CI system to chart
     * and compare between merge requests (GitLab's {@code artifacts:reports:metrics}).
     */
    public String metrics() {
        StringBuilder metrics = new StringBuilder();
        for (Entry entry : entries()) {
            DelayRow row = entry.row();
            if (!row.measuredRun()) {
                continue;
            }
            String labels = "{figure=\"" + label(entry.figure()) + "\",configuration=\"" + label(row.configurationId())
                    + "\"}";
            metrics.append("telvirt_loss_percent").append(labels).append(' ').append(row.lossPercent()).append('\n');
            row.delayPercentiles().ifPresent(delay -> metrics
                    .append("telvirt_p50_delay_milliseconds").append(labels).append(' ').append(delay.p50Micros() / 1000.0)
                    .append('\n')
                    .append("telvirt_p99_delay_milliseconds").append(labels).append(' ').append(delay.p99Micros() / 1000.0)
                    .append('\n'));
            if (entry.verdict().outcome() != SloVerdict.Outcome.NOT_CHECKED) {
                metrics.append("telvirt_slo_met").append(labels).append(' ')
                        .append(entry.verdict().outcome() == SloVerdict.Outcome.MET ? 1 : 0).append('\n');
            }
        }
        return metrics.toString();
    }

    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Aligned plain text for the console. */
    public String text() {
        return table().aligned();
    }

    public String markdown() {
        return table().markdown();
    }

    private TextTable table() {
        TextTable table = new TextTable(HEADER);
        for (Entry entry : entries()) {
            DelayRow row = entry.row();
            CallQuality quality = row.quality();
            table.addRow(List.of(entry.figure(), row.configurationId(), Integer.toString(row.streams()),
                    ReportFormat.loss(row), ReportFormat.p50(row), ReportFormat.p99(row), quality.mosText(),
                    quality.worstStreamLossText(), quality.longestLossBurstText(), quality.p99CallSetupText(),
                    quality.failedCallsText(), entry.verdict().text()));
        }
        return table;
    }
}
