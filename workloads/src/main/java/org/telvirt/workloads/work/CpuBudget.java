package org.telvirt.workloads.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Per-packet work bounded by the thread's own CPU time rather than by a pass count: a pass measured alone, hot in
 * the cache, costs less than the same pass between packets on a loaded host (the emulated host measured 53 us of
 * calibrated passes costing over twice that), so a fixed count would not be the microseconds asked for. Work runs
 * {@link #firstPasses} passes, then {@link #topUpPasses} at a time until the budget is spent; the estimate only
 * saves clock reads (about two per packet). Reading the clock allocates nothing.
 */
public final class CpuBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Start below the estimate so a pass that got cheaper does not overshoot; top up in small steps. */
    private static final double FIRST_SHARE = 0.8;
    private static final double TOP_UP_SHARE = 0.05;

    private final long workNanos;
    private final int estimatedPasses;
    private final int firstPasses;
    private final int topUpPasses;

    private CpuBudget(long workNanos, int estimatedPasses) {
        this.workNanos = workNanos;
        this.estimatedPasses = estimatedPasses;
        this.firstPasses = (int) (estimatedPasses * FIRST_SHARE);
        this.topUpPasses = Math.max(1, (int) Math.ceil(estimatedPasses * TOP_UP_SHARE));
    }

    /** A budget of {@code workMicros} of CPU for a pass measured at {@code passMicros}; none for zero work. */
    static CpuBudget of(double workMicros, double passMicros) {
        return workMicros <= 0 ? new CpuBudget(0, 0)
                : new CpuBudget(Math.round(workMicros * 1000), CpuCalibration.passesFor(workMicros, passMicros));
    }

    /** The thread's CPU clock now, the start of one packet's work; zero (no clock read) when there is no work. */
    long start() {
        return workNanos == 0 ? 0 : THREADS.getCurrentThreadCpuTime();
    }

    /** True once the thread has spent the budget since {@code startNanos}. */
    boolean spent(long startNanos) {
        return workNanos == 0 || THREADS.getCurrentThreadCpuTime() - startNanos >= workNanos;
    }

    /** The passes the budget is expected to take, from the pass measured at start; 0 for no work. */
    int estimatedPasses() {
        return estimatedPasses;
    }

    int firstPasses() {
        return firstPasses;
    }

    int topUpPasses() {
        return topUpPasses;
    }
}
