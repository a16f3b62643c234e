package org.telvirt.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test's time limit applied to its experiment: when the limit passes while the workload is being
 * measured, the measuring thread is interrupted, so the run stops, the host is restored and the
 * test fails with {@link org.telvirt.ExperimentTimeoutException}. The interrupt reaches only the measurement,
 * never the restore after it: {@link #disarm()} clears it before the host is put back.
 */
final class MeasurementDeadline {
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "telvirt-measurement-deadline");
        thread.setDaemon(true);
        return thread;
    });
    private static final MeasurementDeadline NONE = new MeasurementDeadline(null);

    private final Thread measuring;
    private ScheduledFuture<?> alarm;
    private boolean armed;
    private boolean fired;

    private MeasurementDeadline(Thread measuring) {
        this.measuring = measuring;
    }

    /** Interrupts the calling thread once {@code limit} has passed since {@code startNanos}, unless disarmed first. */
    static MeasurementDeadline arm(Optional<Duration> limit, long startNanos) {
        if (limit.isEmpty()) {
            return NONE;
        }
        MeasurementDeadline deadline = new MeasurementDeadline(Thread.currentThread());
        long delayNanos = Math.max(0, startNanos + limit.get().toNanos() - System.nanoTime());
        synchronized (deadline) {
            deadline.armed = true;
            deadline.alarm = ALARMS.schedule(deadline::fire, delayNanos, TimeUnit.NANOSECONDS);
        }
        return deadline;
    }

    private synchronized void fire() {
        if (armed) {
            fired = true;
            measuring.interrupt();
        }
    }

    /** Stops the alarm and clears the interrupt it caused; true when the limit passed before. */
    synchronized boolean disarm() {
        if (measuring == null) {
            return false;
        }
        armed = false;
        alarm.cancel(false);
        if (fired) {
            Thread.interrupted();
        }
        return fired;
    }
}
