package org.telvirt;

import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;
import org.telvirt.report.ReportFormat;

/** AssertJ assertions on a {@link MediaRun}; every failure message carries the run's numbers. */
public final class MediaRunAssert extends AbstractAssert<MediaRunAssert, MediaRun> {

    MediaRunAssert(MediaRun actual) {
        super(actual, MediaRunAssert.class);
    }

    /** Not a packet lost: the paper's SLO for enterprise media. */
    public MediaRunAssert hasNoLoss() {
        return hasLossAtMost(0.0);
    }

    /** Loss over all streams of at most {@code percent} percent, inclusive. */
    public MediaRunAssert hasLossAtMost(double percent) {
        isNotNull();
        if (actual.lossPercent() > percent) {
            failWithMessage("loss %.2f %% > %s %% SLO at %s", actual.lossPercent(), ReportFormat.decimal(percent), context());
        }
        return this;
    }

    /** Loss of at least {@code percent} percent: for findings that a configuration does lose packets. */
    public MediaRunAssert hasLossAtLeast(double percent) {
        isNotNull();
        if (actual.lossPercent() < percent) {
            failWithMessage("loss %.2f %% < %s %% expected at %s", actual.lossPercent(), ReportFormat.decimal(percent),
                    context());
        }
        return this;
    }

    /** A p99 round-trip delay of at most {@code limit}: inclusive whatever the name says, as {@link Slo} is. */
    public MediaRunAssert hasP99DelayBelow(Duration limit) {
        return hasDelayBelow(99, limit);
    }

    /** A median round-trip delay of at most {@code limit}. */
    public MediaRunAssert hasP50DelayBelow(Duration limit) {
        return hasDelayBelow(50, limit);
    }

    /** The round-trip delay at {@code percentile} (0 to 100) is at most {@code limit}. */
    public MediaRunAssert hasDelayBelow(double percentile, Duration limit) {
        isNotNull();
        double limitMillis = limit.toNanos() / 1e6;
        double measured = actual.delayMillis(percentile);
        if (measured > limitMillis) {
            failWithMessage("p%s delay %s ms > %s ms SLO at %s", ReportFormat.decimal(percentile), ReportFormat.decimal(measured),
                    ReportFormat.decimal(limitMillis), context());
        }
        return this;
    }

    /** No stream's RFC 3550 jitter estimate went above {@code limit}. */
    public MediaRunAssert hasMaxJitterBelow(Duration limit) {
        isNotNull();
        double limitMillis = limit.toNanos() / 1e6;
        if (actual.maxJitterMillis() > limitMillis) {
            failWithMessage("max jitter %s ms > %s ms SLO at %s", ReportFormat.decimal(actual.maxJitterMillis()),
                    ReportFormat.decimal(limitMillis), context());
        }
        return this;
    }

    /** No malformed datagrams reached the client: the measurement itself is sound. */
    public MediaRunAssert hasCleanMeasurement() {
        isNotNull();
        if (actual.summary().malformedReceived() > 0) {
            failWithMessage("%d malformed datagrams reached the client at %s", actual.summary().malformedReceived(),
                    context());
        }
        return this;
    }

    /**
     * The client sent every packet its schedule called for (50 a second per stream, give or take
     * one per stream at the window's edges): a stalled sender would otherwise hide loss.
     */
    public MediaRunAssert hasSentEveryScheduledPacket() {
        isNotNull();
        long scheduled = Math.round(actual.streams() * 50L * actual.summary().durationSeconds());
        if (actual.packetsSent() < scheduled - actual.streams()) {
            failWithMessage("sent %d of %d scheduled packets at %s", actual.packetsSent(), scheduled, context());
        }
        return this;
    }

    /** Meets every limit of the SLO, reporting all that it breaks at once. */
    public MediaRunAssert meets(SloLimits slo) {
        isNotNull();
        var broken = slo.violations(actual);
        if (!broken.isEmpty()) {
            failWithMessage("%s at %s", String.join(", ", broken), context());
        }
        return this;
    }

    /** The MOS of the average call ({@link MediaRun#mos()}) is at least {@code minMos}. */
    public MediaRunAssert hasMosAtLeast(double minMos) {
        return meetsLimit(SloLimits.Limit.MOS, minMos);
    }

    /** No stream lost more than {@code percent} of its packets: the worst call, not the average one. */
    public MediaRunAssert hasWorstStreamLossAtMost(double percent) {
        return meetsLimit(SloLimits.Limit.WORST_STREAM_LOSS, percent);
    }

    /** 99 % of the streams lost at most {@code percent} of their packets. */
    public MediaRunAssert hasP99StreamLossAtMost(double percent) {
        return meetsLimit(SloLimits.Limit.P99_STREAM_LOSS, percent);
    }

    /** No stream lost more than {@code packets} consecutive packets: a gap concealment cannot hide. */
    public MediaRunAssert hasBurstLossAtMost(long packets) {
        return meetsLimit(SloLimits.Limit.BURST_LOSS, packets);
    }

    /** 99 % of the calls were set up (INVITE to 200 OK) within {@code limit}; the run must have placed calls. */
    public MediaRunAssert hasP99CallSetupBelow(Duration limit) {
        return meetsLimit(SloLimits.Limit.P99_CALL_SETUP, limit.toNanos() / 1e6);
    }

    /** At most {@code calls} calls failed; the run must have placed calls. */
    public MediaRunAssert hasFailedCallsAtMost(long calls) {
        return meetsLimit(SloLimits.Limit.FAILED_CALLS, calls);
    }

    /** Checks one limit exactly as {@link #meets} and {@code @Slo} do, with the same message. */
    private MediaRunAssert meetsLimit(SloLimits.Limit limit, double value) {
        isNotNull();
        limit.violation(actual, value).ifPresent(broken -> failWithMessage("%s at %s", broken, context()));
        return this;
    }

    private String context() {
        return String.format(Locale.ROOT, "%d streams, loss %.2f %%, p50 %s ms, p99 %s ms (configuration %s on %s)",
                actual.streams(), actual.lossPercent(), ReportFormat.decimal(actual.delayMillis(50)),
                ReportFormat.decimal(actual.delayMillis(99)), actual.configuration().id(), actual.host());
    }
}
