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

    public MediaRunAssert hasNoLoss() {
        return hasLossAtMost(0.0);
    }

    public MediaRunAssert hasLossAtMost(double percent) {
        isNotNull();
        if (actual.lossPercent() > percent) {
            failWithMessage("loss %.2f %% > %s %% SLO at %s", actual.lossPercent(), ReportFormat.decimal(percent), context());
        }
        return this;
    }

    public MediaRunAssert hasLossAtLeast(double percent) {
        isNotNull();
        if (actual.lossPercent() < percent) {
            failWithMessage("loss %.2f %% < %s %% expected at %s", actual.lossPercent(), ReportFormat.decimal(percent),
                    context());
        }
        return this;
    }

    public MediaRunAssert hasP99DelayBelow(Duration limit) {
        return hasDelayBelow(99, limit);
    }

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

    private String context() {
        return String.format(Locale.ROOT, "%s (configuration %s on %s)", actual.headline(), actual.configuration().id(),
                actual.host());
    }
}
