package org.telvirt;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import org.assertj.core.api.AbstractAssert;
import org.telvirt.report.ReportFormat;
import org.telvirt.workloads.rtp.SendSchedule;

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

    /** The delay at the percentile is at most {@code limit}; a run with no packet back has no delay to meet it with. */
    public MediaRunAssert hasDelayBelow(double percentile, Duration limit) {
        isNotNull();
        double limitMillis = limit.toNanos() / 1e6;
        OptionalDouble measured = actual.delayMillis(percentile);
        if (measured.isEmpty() || measured.getAsDouble() > limitMillis) {
            failWithMessage("p%s delay %s > %s ms SLO at %s", ReportFormat.decimal(percentile),
                    ReportFormat.delay(measured), ReportFormat.decimal(limitMillis), context());
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
     * The clients sent every packet the workload called for: its streams x {@value SendSchedule#PACKETS_PER_SECOND}
     * a second x its measured seconds, give or take one per stream where the schedule's phases meet the window's
     * edges. The count is the workload's, not the clients' own, so a client that stopped early, or a generator that
     * sent no share, fails.
     */
    public MediaRunAssert hasSentEveryScheduledPacket() {
        isNotNull();
        Workload workload = actual.workload();
        long scheduled = (long) workload.streams() * SendSchedule.PACKETS_PER_SECOND * workload.seconds();
        if (Math.abs(actual.packetsSent() - scheduled) > workload.streams()) {
            failWithMessage("sent %d of the %d packets the workload schedules (%d streams x %d a second x %d s) at %s",
                    actual.packetsSent(), scheduled, workload.streams(), SendSchedule.PACKETS_PER_SECOND,
                    workload.seconds(), context());
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
        return String.format(Locale.ROOT, "%s (configuration %s on %s)", actual.headline(), actual.configuration().id(),
                actual.host());
    }
}
