package org.telvirt.workloads.jitter;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.net.RealTimeThreads;
import org.telvirt.workloads.net.TimerSlack;
import org.telvirt.workloads.rtp.RunHistograms;

/**
 * How punctual a host lets a program be, measured with nothing else running: the floor under every delay a media
 * workload on it can show. Two phases, one after the other so neither disturbs the other:
 * <ol>
 * <li>one spinning thread per CPU records the gaps in its own clock ({@link GapRecorder}): time the CPU was taken
 * away from a thread that always wanted it;</li>
 * <li>one thread sleeps to absolute deadlines and records how late it wakes, as a media server's worker waiting for
 * the next packet or a sender waiting for the next send does (like {@code cyclictest}).</li>
 * </ol>
 * A host that stalls a CPU for milliseconds delays every packet queued behind the stall, and a busy server drains
 * that backlog slowly, so these stalls, not the average load, set a delay SLO's p99.
 */
public final class HostJitter {
    private static final String SPIN_THREAD_PREFIX = "jitter-spin-";
    private static final String SLEEP_THREAD = "jitter-sleep";
    /** Long enough for the JIT to compile the spin loop, whose compiler threads would otherwise show as gaps. */
    private static final long WARM_UP_NANOS = 1_000_000_000;

    /** What to measure; {@code realTimePriority} 0 keeps the sleeping thread at normal priority. */
    public record Options(int cpus, Duration spin, long gapThresholdMicros, Duration sleep, long sleepMicros,
            int realTimePriority) {
        public Options {
            if (cpus < 1 || gapThresholdMicros < 1 || gapThresholdMicros * 1000 > GapRecorder.LONG_GAP_NANOS
                    || sleepMicros < 1 || spin.isNegative() || sleep.isNegative()
                    || realTimePriority < 0 || realTimePriority > RealTimeThreads.MAX_PRIORITY) {
                throw new IllegalArgumentException("invalid host-jitter options: " + this);
            }
        }
    }

    /** The JSON line {@code host-jitter} prints. Gap rates are per CPU and second of spinning. */
    @JsonPropertyOrder({"cpus", "spinSeconds", "gapThresholdMicros", "gapsPerCpuSecond", "gapsOver1MsPerCpuSecond",
        "stalledPercent", "stalledOver1MsPercent", "gapMicros", "sleepSeconds", "sleepMicros", "wakeUps",
        "wakeLatenessMicros"})
    public record Report(int cpus, double spinSeconds, long gapThresholdMicros, double gapsPerCpuSecond,
            double gapsOver1MsPerCpuSecond, double stalledPercent, double stalledOver1MsPercent,
            Percentiles gapMicros, double sleepSeconds, long sleepMicros, long wakeUps,
            Percentiles wakeLatenessMicros) {
    }

    @JsonPropertyOrder({"p50", "p99", "p999", "max"})
    public record Percentiles(long p50, long p99, long p999, long max) {
        static Percentiles of(Histogram histogram) {
            return new Percentiles(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    private final Options options;
    private final PrintStream progress;

    public HostJitter(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public Report measure() throws InterruptedException, IOException {
        progress.printf(Locale.ROOT, "host-jitter: %d spinning thread(s) for %.1f s, gaps over %d us ...%n",
                options.cpus(), options.spin().toNanos() / 1e9, options.gapThresholdMicros());
        List<GapRecorder> recorders = spin();
        Histogram gaps = RunHistograms.newHistogram();
        long stalledNanos = 0;
        long longGaps = 0;
        long longStalledNanos = 0;
        long observedNanos = 0;
        for (GapRecorder recorder : recorders) {
            gaps.add(recorder.gapMicros());
            stalledNanos += recorder.stalledNanos();
            longGaps += recorder.longGaps();
            longStalledNanos += recorder.longStalledNanos();
            observedNanos += recorder.observedNanos();
        }
        double cpuSeconds = observedNanos / 1e9;
        progress.printf(Locale.ROOT, "host-jitter: one thread sleeping %d us at a time for %.1f s%s ...%n",
                options.sleepMicros(), options.sleep().toNanos() / 1e9,
                options.realTimePriority() > 0 ? " at SCHED_FIFO " + options.realTimePriority() : "");
        Histogram wakeLateness = sleep();
        return new Report(options.cpus(), options.spin().toNanos() / 1e9, options.gapThresholdMicros(),
                perSecond(gaps.getTotalCount(), cpuSeconds), perSecond(longGaps, cpuSeconds),
                percentOf(stalledNanos, observedNanos), percentOf(longStalledNanos, observedNanos),
                Percentiles.of(gaps), options.sleep().toNanos() / 1e9, options.sleepMicros(),
                wakeLateness.getTotalCount(),
                Percentiles.of(wakeLateness));
    }

    private static double perSecond(long count, double seconds) {
        return seconds == 0 ? 0 : thousandths(count / seconds);
    }

    private static double percentOf(long partNanos, long wholeNanos) {
        return wholeNanos == 0 ? 0 : thousandths(100.0 * partNanos / wholeNanos);
    }

    private static double thousandths(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private List<GapRecorder> spin() throws InterruptedException {
        long recordFromNanos = System.nanoTime() + WARM_UP_NANOS;
        long endNanos = recordFromNanos + options.spin().toNanos();
        long thresholdNanos = options.gapThresholdMicros() * 1000;
        GapRecorder[] recorders = new GapRecorder[options.cpus()];
        List<Thread> threads = new ArrayList<>();
        for (int cpu = 0; cpu < options.cpus(); cpu++) {
            int index = cpu;
            threads.add(new Thread(() -> recorders[index] = spin(thresholdNanos, recordFromNanos, endNanos),
                    SPIN_THREAD_PREFIX + cpu));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return List.of(recorders);
    }

    /** Spins unrecorded until {@code recordFromNanos} (the JIT compiles this loop meanwhile), then records gaps. */
    private static GapRecorder spin(long thresholdNanos, long recordFromNanos, long endNanos) {
        long now = System.nanoTime();
        while (now < recordFromNanos) {
            now = System.nanoTime();
        }
        GapRecorder recorder = new GapRecorder(thresholdNanos, now);
        for (; now < endNanos; now = System.nanoTime()) {
            recorder.observe(now);
        }
        return recorder;
    }

    private Histogram sleep() throws InterruptedException, IOException {
        Histogram latenessMicros = RunHistograms.newHistogram();
        long periodNanos = options.sleepMicros() * 1000;
        long sleepNanos = options.sleep().toNanos();
        CountDownLatch prioritySet = new CountDownLatch(1);
        Thread sleeper = new Thread(() -> {
            TimerSlack.tightenForCurrentThread();
            try {
                prioritySet.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long start = System.nanoTime();
            for (long deadline = start + periodNanos; deadline <= start + sleepNanos; deadline += periodNanos) {
                long now = System.nanoTime();
                while (now < deadline) {
                    LockSupport.parkNanos(deadline - now);
                    now = System.nanoTime();
                }
                latenessMicros.recordValue(RunHistograms.clampMicros((now - deadline) / 1000));
            }
        }, SLEEP_THREAD);
        sleeper.start();
        try {
            if (options.realTimePriority() > 0) {
                RealTimeThreads.raise(Set.of(SLEEP_THREAD), options.realTimePriority());
            }
        } finally {
            prioritySet.countDown();
            sleeper.join();
        }
        return latenessMicros;
    }
}
