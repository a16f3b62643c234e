package org.telvirt.host;

import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * When a run's measured seconds were, on the wall clock (epoch milliseconds), as the client's delay log tells it:
 * the k-th delay interval ends as the run's k-th measured second does, a second after it began, and the first one
 * also holds the warm-up ({@link org.telvirt.workloads.rtp.IntervalLog}).
 */
public record MeasuredWindow(long startEpochMillis, long endEpochMillis) {
    private static final long SECOND_MILLIS = 1000;

    /**
     * The window of the first {@code measuredSeconds} delay intervals; empty when the log has fewer, or intervals
     * without timestamps (a log not written by a client).
     */
    public static Optional<MeasuredWindow> of(List<Histogram> delayIntervals, int measuredSeconds) {
        if (measuredSeconds < 1 || delayIntervals.size() < measuredSeconds) {
            return Optional.empty();
        }
        long firstEnd = delayIntervals.get(0).getEndTimeStamp();
        long lastEnd = delayIntervals.get(measuredSeconds - 1).getEndTimeStamp();
        if (firstEnd <= SECOND_MILLIS || lastEnd < firstEnd) {
            return Optional.empty();
        }
        return Optional.of(new MeasuredWindow(firstEnd - SECOND_MILLIS, lastEnd));
    }
}
