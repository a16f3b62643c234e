package org.telvirt.report;

import org.HdrHistogram.Histogram;

/**
 * The percentiles of one run's per-packet round-trip delay, in microseconds, read from its
 * HdrHistogram (never derived from a mean). These are the numbers every report of this package
 * prints: the boxplot (p1, p25, p50, p75, p99, max), the CSV and the tables.
 */
public record DelayPercentiles(
        long samples,
        long p1Micros,
        long p25Micros,
        long p50Micros,
        long p75Micros,
        long p90Micros,
        long p99Micros,
        long p999Micros,
        long maxMicros) {

    public DelayPercentiles {
        if (samples <= 0) {
            throw new IllegalArgumentException("delay percentiles need at least one sample, got " + samples);
        }
        long[] ordered = {p1Micros, p25Micros, p50Micros, p75Micros, p90Micros, p99Micros, p999Micros, maxMicros};
        for (int i = 1; i < ordered.length; i++) {
            if (ordered[i] < ordered[i - 1]) {
                throw new IllegalArgumentException("delay percentiles must not decrease: p1..max = "
                        + java.util.Arrays.toString(ordered));
            }
        }
    }

    /** Reads the percentiles of a histogram of round-trip delays recorded in microseconds. */
    public static DelayPercentiles of(Histogram delayMicros) {
        if (delayMicros.getTotalCount() == 0) {
            throw new IllegalArgumentException("the delay histogram is empty: no packet came back");
        }
        return new DelayPercentiles(
                delayMicros.getTotalCount(),
                delayMicros.getValueAtPercentile(1.0),
                delayMicros.getValueAtPercentile(25.0),
                delayMicros.getValueAtPercentile(50.0),
                delayMicros.getValueAtPercentile(75.0),
                delayMicros.getValueAtPercentile(90.0),
                delayMicros.getValueAtPercentile(99.0),
                delayMicros.getValueAtPercentile(99.9),
                delayMicros.getMaxValue());
    }
}
