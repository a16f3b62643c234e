package org.telvirt.workloads.jitter;

import org.HdrHistogram.Histogram;
import org.telvirt.workloads.rtp.RunHistograms;

/**
 * What a thread that never sleeps sees of its CPU: successive readings of the clock more than {@code thresholdNanos}
 * apart mean the thread did not run in between (the hypervisor held the vCPU, an interrupt or a kernel thread ran, or
 * the scheduler gave the CPU away). Allocates nothing per reading; one recorder per thread.
 */
final class GapRecorder {
    private final long thresholdNanos;
    private final Histogram gapMicros = RunHistograms.newHistogram();
    private long lastNanos;
    private final long firstNanos;
    private long stalledNanos;

    GapRecorder(long thresholdNanos, long startNanos) {
        this.thresholdNanos = thresholdNanos;
        this.firstNanos = startNanos;
        this.lastNanos = startNanos;
    }

    void observe(long nowNanos) {
        long gapNanos = nowNanos - lastNanos;
        if (gapNanos > thresholdNanos) {
            gapMicros.recordValue(Math.min(gapNanos / 1000, RunHistograms.HIGHEST_TRACKABLE_MICROS));
            stalledNanos += gapNanos;
        }
        lastNanos = nowNanos;
    }

    Histogram gapMicros() {
        return gapMicros;
    }

    long stalledNanos() {
        return stalledNanos;
    }

    long observedNanos() {
        return lastNanos - firstNanos;
    }
}
