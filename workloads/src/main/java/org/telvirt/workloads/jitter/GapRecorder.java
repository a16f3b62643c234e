package org.telvirt.workloads.jitter;

import org.HdrHistogram.Histogram;
import org.telvirt.workloads.rtp.RunHistograms;

/**
 * What a thread that never sleeps sees of its CPU: successive readings of the clock more than {@code thresholdNanos}
 * apart mean the thread did not run in between (the hypervisor held the vCPU, an interrupt or a kernel thread ran, or
 * the scheduler gave the CPU away). Allocates nothing per reading; one recorder per thread.
 */
final class GapRecorder {
    /** Where a gap turns into a stall that alone breaks a 1 ms delay budget. */
    static final long LONG_GAP_NANOS = 1_000_000;
    private final long thresholdNanos;
    private final Histogram gapMicros = RunHistograms.newHistogram();
    private final long firstNanos;
    private long lastNanos;
    private long stalledNanos;
    private long longGaps;
    private long longStalledNanos;

    GapRecorder(long thresholdNanos, long startNanos) {
        if (thresholdNanos > LONG_GAP_NANOS) {
            throw new IllegalArgumentException("a gap threshold above 1 ms would hide the long gaps: "
                    + thresholdNanos + " ns");
        }
        this.thresholdNanos = thresholdNanos;
        this.firstNanos = startNanos;
        this.lastNanos = startNanos;
    }

    void observe(long nowNanos) {
        long gapNanos = nowNanos - lastNanos;
        if (gapNanos > thresholdNanos) {
            gapMicros.recordValue(RunHistograms.clampMicros(gapNanos / 1000));
            stalledNanos += gapNanos;
            if (gapNanos > LONG_GAP_NANOS) {
                longGaps++;
                longStalledNanos += gapNanos;
            }
        }
        lastNanos = nowNanos;
    }

    Histogram gapMicros() {
        return gapMicros;
    }

    long stalledNanos() {
        return stalledNanos;
    }

    /** Gaps over {@link #LONG_GAP_NANOS}: a subset of the gaps counted, as the threshold is never above it. */
    long longGaps() {
        return longGaps;
    }

    long longStalledNanos() {
        return longStalledNanos;
    }

    long observedNanos() {
        return lastNanos - firstNanos;
    }
}
