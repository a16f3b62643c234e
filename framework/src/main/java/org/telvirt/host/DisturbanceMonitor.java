package org.telvirt.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.telvirt.HostException;

/**
 * Reads {@code /proc/stat} every {@value #SAMPLE_MILLIS} ms while a run measures, on a thread of its own, so that
 * {@link HostDisturbance} can tell afterwards whether the hypervisor took this machine's CPUs during the measured
 * window. The counters are cumulative, so a sample taken late (the domains keep the CPUs busy) loses no steal, only
 * resolution; each sample costs one read of a few hundred bytes.
 */
public final class DisturbanceMonitor implements AutoCloseable {
    /**
     * How often {@code /proc/stat} is read: fine enough to place a stall of tens of milliseconds in time, well above
     * the 10 ms a tick of it counts.
     */
    public static final long SAMPLE_MILLIS = 100;

    /** One reading and when it was taken, on the wall clock the client's delay log uses. */
    public record Sample(long epochMillis, ProcStat stat) {
    }

    private final CpuAccounting source;
    private final List<Sample> samples = new ArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread sampler;
    private volatile Exception failure;

    private DisturbanceMonitor(CpuAccounting source) {
        this.source = source;
        this.sampler = new Thread(this::sampleUntilStopped, "telvirt-host-disturbance");
        sampler.setDaemon(true);
    }

    /**
     * Takes the first sample now, so an unreadable {@code /proc/stat} fails before anything is measured, and
     * samples on from there.
     */
    public static DisturbanceMonitor start(CpuAccounting source) {
        DisturbanceMonitor monitor = new DisturbanceMonitor(source);
        try {
            monitor.add(monitor.read());
        } catch (IOException | IllegalArgumentException unreadable) {
            throw unreadable(unreadable);
        }
        monitor.sampler.start();
        return monitor;
    }

    /** Stops sampling, takes the last sample, and returns them all, oldest first. */
    public List<Sample> stop() throws InterruptedException {
        stopping.countDown();
        sampler.join();
        if (failure != null) {
            throw unreadable(failure);
        }
        try {
            add(read());
        } catch (IOException | IllegalArgumentException unreadable) {
            throw unreadable(unreadable);
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Stops sampling without a last sample: the run failed, and nothing will be judged on them. */
    @Override
    public void close() {
        stopping.countDown();
        try {
            sampler.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleUntilStopped() {
        try {
            while (!stopping.await(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                add(read());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalArgumentException unreadable) {
            failure = unreadable;
        }
    }

    private Sample read() throws IOException {
        long epochMillis = System.currentTimeMillis();
        return new Sample(epochMillis, ProcStat.parse(source.procStat()));
    }

    private void add(Sample sample) {
        synchronized (samples) {
            samples.add(sample);
        }
    }

    private static HostException unreadable(Exception cause) {
        return new HostException("cannot read /proc/stat to watch the host for disturbance while the run measures: "
                + cause.getMessage(), cause);
    }
}
