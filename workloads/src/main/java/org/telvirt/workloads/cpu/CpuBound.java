package org.telvirt.workloads.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The paper's CPU-bound VMs: each thread computes for {@code dutyCycle x period}, then idles for the
 * rest of the period, and again. Busy and idle are wall-clock time, so a starved thread gets less
 * work done, as a starved VM does; the work done is counted.
 */
public final class CpuBound implements AutoCloseable {
    public static final String THREAD_PREFIX = "cpu-bound-";
    private static final int ROUNDS_PER_CLOCK_CHECK = 4096;

    /** What the threads did; printed as one JSON line at the end. */
    public record Stats(int threads, double dutyCycle, long periodMillis, long workUnits, double elapsedSeconds) {
    }

    /** Keeps the computation's result observable, so the JIT must compute it. */
    @SuppressWarnings("unused")
    private static volatile long observed;

    private final int threadCount;
    private final double dutyCycle;
    private final long periodNanos;
    private final LongAdder workUnits = new LongAdder();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private long startNanos;
    private long stopNanos;

    public CpuBound(int threads, double dutyCycle, long periodMillis) {
        this.threadCount = threads;
        this.dutyCycle = dutyCycle;
        this.periodNanos = periodMillis * 1_000_000;
    }

    public CpuBound start() {
        startNanos = System.nanoTime();
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::cycle, THREAD_PREFIX + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    private void cycle() {
        long busyNanos = Math.round(periodNanos * dutyCycle);
        long state = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        long periodStart = System.nanoTime();
        while (running) {
            long busyUntil = periodStart + busyNanos;
            long units = 0;
            do {
                state = compute(state);
                units++;
            } while (System.nanoTime() < busyUntil && running);
            workUnits.add(units);
            periodStart += periodNanos;
            long idle = periodStart - System.nanoTime();
            if (idle > 0) {
                LockSupport.parkNanos(idle);
            } else {
                periodStart = System.nanoTime();
            }
        }
        observed = state;
    }

    /** One unit of work: a few thousand rounds of integer and floating-point mixing. */
    static long compute(long state) {
        double accumulator = 1.0;
        for (int i = 0; i < ROUNDS_PER_CLOCK_CHECK; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            accumulator = accumulator * 1.0000001 + (state & 0xFF) * 1e-9;
        }
        return state ^ Double.doubleToRawLongBits(accumulator);
    }

    public Stats stats() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return new Stats(threadCount, dutyCycle, periodNanos / 1_000_000, workUnits.sum(), (end - startNanos) / 1e9);
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopNanos = System.nanoTime();
    }
}
