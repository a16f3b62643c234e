package org.telvirt.workloads.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * Measures what one pass of some work costs on this machine, in thread CPU time, so a program can
 * repeat it to reach a requested number of microseconds. CPU time rather than wall time keeps the
 * figure right when the measuring thread is preempted, e.g. inside a capped cgroup.
 */
public final class CpuCalibration {
    private static final int WARM_UP_PASSES = 20_000;
    private static final int PASSES_PER_CHECK = 500;
    private static final long MEASURE_CPU_NANOS = 100_000_000;

    /** Keeps the passes' results observable, so the JIT must compute them. */
    @SuppressWarnings("unused")
    private static volatile int observed;

    private CpuCalibration() {
    }

    /** Microseconds of CPU one call of {@code pass} takes, after a warm-up that lets the JIT compile it. */
    public static double passMicros(IntSupplier pass) {
        int sink = 0;
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            sink += pass.getAsInt();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long passes = 0;
        long cpuUsed;
        do {
            for (int i = 0; i < PASSES_PER_CHECK; i++) {
                sink += pass.getAsInt();
            }
            passes += PASSES_PER_CHECK;
            cpuUsed = threads.getCurrentThreadCpuTime() - cpuStart;
        } while (cpuUsed < MEASURE_CPU_NANOS);
        observed = sink;
        return cpuUsed / 1000.0 / passes;
    }

    /** How many passes of {@code passMicros} make {@code workMicros}; at least one when any work is asked. */
    public static int passesFor(double workMicros, double passMicros) {
        return workMicros <= 0 ? 0 : (int) Math.max(1, Math.round(workMicros / passMicros));
    }
}
