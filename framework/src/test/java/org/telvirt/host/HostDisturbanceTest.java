package org.telvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.telvirt.HostException;

/** Steal and vCPU stalls from {@code /proc/stat} text, over the samples of a run's measured window. */
class HostDisturbanceTest {
    /** A 2-vCPU guest's {@code /proc/stat} as the kernel writes it, guest columns and all. */
    private static final String PROC_STAT = """
            cpu  782189 79245 237455 1557050 2617 0 28660 32845 0 0
            cpu0 389997 37314 117206 783798 608 0 13455 16666 0 0
            cpu1 392191 41931 120249 773252 2008 0 15205 16179 0 0
            intr 26997964 0 0 0 0
            ctxt 89367686
            btime 1796286700
            """;

    @Test
    void perCpuLinesAreReadWithEveryStateAndTheAggregateIsLeftOut() {
        ProcStat stat = ProcStat.parse(PROC_STAT);

        assertThat(stat.ticksByCpu()).containsOnlyKeys(0, 1);
        assertThat(stat.ticksByCpu().get(1)).containsExactly(392191, 41931, 120249, 773252, 2008, 0, 15205, 16179);
    }

    @Test
    void aQuietWindowIsNotDisturbed() {
        // 10 s of 2 busy CPUs sampled every 100 ms, one 10 ms tick of steal on each
        List<DisturbanceMonitor.Sample> samples = samples(100, 100, 10, interval -> interval == 40 ? 1 : 0);

        HostDisturbance quiet = HostDisturbance.over(samples, Optional.empty());

        assertThat(quiet.cpuMillis()).isEqualTo(2 * 10_000);
        assertThat(quiet.stealMillis()).isEqualTo(2 * 10);
        assertThat(quiet.stealPercent()).isEqualTo(0.1);
        assertThat(quiet.stallMillis()).isEqualTo(10);
        assertThat(quiet.limitsExceeded()).isEmpty();
        assertThat(quiet.disturbed()).isFalse();
        assertThat(quiet.describe()).isEqualTo("host disturbance over the clients' whole run (10.0 s), from /proc/stat:"
                + " steal 0.10 % of 20.00 CPU-seconds (limit 2 %), at most 10 ms on one CPU within one sample"
                + " (limit 20 ms)");
    }

    @Test
    void stealSpreadOverTheWindowAboveItsLimitIsFlaggedWithTheNumbers() {
        // 3 % steal on each CPU, 10 or 20 ms of every 500 ms: no sample with a stall past its limit
        List<DisturbanceMonitor.Sample> samples = samples(100, 500, 50, interval -> interval % 2 == 0 ? 1 : 2);

        HostDisturbance disturbance = HostDisturbance.over(samples, Optional.empty());

        assertThat(disturbance.stealPercent()).isEqualTo(3.0);
        assertThat(disturbance.stallMillis()).isEqualTo(20);
        assertThat(disturbance.limitsExceeded()).containsExactly("steal 3.00 % of the window's CPU time (3.00 of"
                + " 100.00 CPU-seconds) > 2 % limit");
        assertThat(disturbance.disturbed()).isTrue();
    }

    @Test
    void stealExactlyAtItsLimitIsNotFlagged() {
        List<DisturbanceMonitor.Sample> samples = samples(10, 1000, 100, interval -> 2);

        HostDisturbance atTheLimit = HostDisturbance.over(samples, Optional.empty());

        assertThat(atTheLimit.stealPercent()).isEqualTo(HostDisturbance.STEAL_LIMIT_PERCENT);
        assertThat(atTheLimit.stallMillis()).isEqualTo(HostDisturbance.STALL_LIMIT_MILLIS);
        assertThat(atTheLimit.disturbed()).isFalse();
    }

    @Test
    void oneStallIsFlaggedThoughTheWindowsStealIsLow() {
        List<DisturbanceMonitor.Sample> samples = new ArrayList<>();
        long[] cpu0 = new long[ProcStat.STATES];
        long[] cpu1 = new long[ProcStat.STATES];
        for (int sample = 0; sample <= 200; sample++) {
            samples.add(sample(sample * 100L, cpu0, cpu1));
            cpu0[0] += 10;
            cpu1[0] += 10;
            if (sample == 120) {
                // the hypervisor held cpu 1 for 50 of these 100 ms
                cpu1[0] -= 5;
                cpu1[ProcStat.STEAL] += 5;
            }
        }

        HostDisturbance disturbance = HostDisturbance.over(samples, Optional.empty());

        assertThat(disturbance.stealPercent()).isLessThan(HostDisturbance.STEAL_LIMIT_PERCENT);
        assertThat(disturbance.limitsExceeded()).containsExactly("cpu 1 lost 50 ms to steal within 100 ms > 20 ms limit");
    }

    @Test
    void onlyTheSamplesAroundTheMeasuredWindowCount() {
        List<DisturbanceMonitor.Sample> samples = new ArrayList<>();
        long[] cpu0 = new long[ProcStat.STATES];
        for (int sample = 0; sample <= 50; sample++) {
            samples.add(sample(10_000 + sample * 100L, cpu0));
            cpu0[0] += 10;
            if (sample < 5) {
                // the clients' start-up, before the measured seconds, was stalled
                cpu0[ProcStat.STEAL] += 8;
            }
        }
        MeasuredWindow window = new MeasuredWindow(10_950, 14_020);

        HostDisturbance measured = HostDisturbance.over(samples, Optional.of(window));
        HostDisturbance wholeRun = HostDisturbance.over(samples, Optional.empty());

        assertThat(measured.wholeClientRun()).isFalse();
        assertThat(measured.windowMillis()).as("from the sample at 10.9 s to the one at 14.1 s").isEqualTo(3200);
        assertThat(measured.stealMillis()).isZero();
        assertThat(measured.disturbed()).isFalse();
        assertThat(wholeRun.stealMillis()).isEqualTo(5 * 80);
        assertThat(wholeRun.disturbed()).isTrue();
    }

    @Test
    void aWindowOutsideTheSamplesFallsBackToTheClientsWholeRun() {
        List<DisturbanceMonitor.Sample> samples = samples(10, 100, 10, interval -> 0);

        HostDisturbance disturbance = HostDisturbance.over(samples, Optional.of(new MeasuredWindow(50_000, 60_000)));

        assertThat(disturbance.wholeClientRun()).isTrue();
        assertThat(disturbance.windowMillis()).isEqualTo(10 * 100);
        assertThat(disturbance.window()).isEqualTo("the clients' whole run (1.0 s)");
    }

    @Test
    void aCpuGoingOfflineOrOnlineCountsOnlyWhileItIsSeenOnBothSidesOfASample() {
        String bothOnline = "cpu0 100 0 0 100 0 0 0 0\ncpu1 100 0 0 100 0 0 0 0\n";
        // cpu 1 went offline: its counters are gone, cpu 0 ran 100 ms with 10 ms of steal
        String cpu1Offline = "cpu0 150 0 0 140 0 0 0 10\n";
        // cpu 1 is back with counters that do not follow from any earlier reading: not counted in this interval
        String cpu1Back = "cpu0 200 0 0 190 0 0 0 10\ncpu1 900 0 0 900 0 0 0 700\n";
        String bothAgain = "cpu0 250 0 0 240 0 0 0 10\ncpu1 950 0 0 950 0 0 0 700\n";

        HostDisturbance disturbance = HostDisturbance.over(List.of(sample(0, bothOnline), sample(1000, cpu1Offline),
                sample(2000, cpu1Back), sample(3000, bothAgain)), Optional.empty());

        assertThat(disturbance.cpuMillis()).isEqualTo((100 + 100 + 100) * 10 + 100 * 10);
        assertThat(disturbance.stealMillis()).isEqualTo(10 * 10);
        assertThat(disturbance.stallMillis()).isEqualTo(100);
        assertThat(disturbance.stallCpu()).isZero();
    }

    @Test
    void aCounterThatGoesBackCountsNothingAndUnsignedCountsPastLongsRangeStillAdd() {
        // iowait went back (proc(5)), and steal sits past 2^63 where a signed parse would fail
        String before = "cpu0 100 0 0 100 50 0 0 9223372036854775807\n";
        String after = "cpu0 200 0 0 200 40 0 0 9223372036854775809\n";
        // a counter that wrapped through 2^64 cannot be told from one that went back
        String wrapped = "cpu0 300 0 0 300 40 0 0 3\n";

        HostDisturbance disturbance = HostDisturbance.over(List.of(sample(0, before), sample(1000, after),
                sample(2000, wrapped)), Optional.empty());

        assertThat(ProcStat.advancedTicks(Long.parseUnsignedLong("18446744073709551615"), 3)).isZero();
        assertThat(disturbance.stealMillis()).as("2 ticks, then none across the wrap").isEqualTo(2 * 10);
        assertThat(disturbance.cpuMillis()).isEqualTo((100 + 100 + 2 + 100 + 100) * 10);
    }

    @Test
    void textThatIsNotAProcStatIsRefused() {
        assertThatThrownBy(() -> ProcStat.parse("cpu0 1 2 3 4 5 6 7\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/proc/stat line without a steal column: 'cpu0 1 2 3 4 5 6 7'");
        assertThatThrownBy(() -> ProcStat.parse("cpu  1 2 3 4 5 6 7 8 0 0\nintr 0\n"))
                .hasMessageStartingWith("no per-CPU line in /proc/stat");
        assertThatThrownBy(() -> ProcStat.parse("cpu0 1 2 3 4 5 6 7 -8\n"))
                .hasMessageStartingWith("/proc/stat line with a field that is not a count");
    }

    @Test
    void theMeasuredWindowIsReadFromTheDelayLogsIntervals() {
        // as the client writes them: the first interval holds the warm-up and ends a second into the measurement
        List<Histogram> intervals = List.of(interval(1_000_078, 1_003_218), interval(1_003_218, 1_004_216),
                interval(1_004_216, 1_005_214), interval(1_005_214, 1_005_900));

        assertThat(MeasuredWindow.of(intervals, 3)).contains(new MeasuredWindow(1_002_218, 1_005_214));
        assertThat(MeasuredWindow.of(intervals, 5)).as("more seconds than intervals").isEmpty();
        assertThat(MeasuredWindow.of(List.of(interval(0, 0), interval(0, 0)), 2)).as("no timestamps").isEmpty();
    }

    @Test
    void theMonitorSamplesUntilStoppedAndAnUnreadableProcStatIsAnInfrastructureError() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        DisturbanceMonitor monitor = DisturbanceMonitor.start(() -> "cpu0 " + reads.incrementAndGet() + " 0 0 0 0 0 0 0\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reads.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(DisturbanceMonitor.SAMPLE_MILLIS);
        }

        List<DisturbanceMonitor.Sample> samples = monitor.stop();

        assertThat(samples).as("the first, some on its own thread, the last").hasSizeGreaterThanOrEqualTo(5)
                .hasSize(reads.get());
        assertThat(samples).isSortedAccordingTo((a, b) -> Long.compare(a.epochMillis(), b.epochMillis()));
        assertThatThrownBy(() -> DisturbanceMonitor.start(() -> {
            throw new IOException("/proc/stat: No such file or directory");
        })).isInstanceOf(HostException.class).hasMessage(HostException.MESSAGE_PREFIX + " cannot read /proc/stat to"
                + " watch the host for disturbance while the run measures: /proc/stat: No such file or directory");
        AtomicInteger lines = new AtomicInteger();
        DisturbanceMonitor failing = DisturbanceMonitor.start(() -> lines.incrementAndGet() == 1 ? "cpu0 0 0 0 0 0 0 0 0\n"
                : "cpu0 0 0 0 0\n");
        assertThatThrownBy(failing::stop).isInstanceOf(HostException.class).hasMessageContaining("without a steal column");
    }

    /**
     * Two CPUs alike sampled every {@code intervalMillis} from 0 on, {@code intervals} times: each interval
     * {@code ticks} of user time and steal.
     */
    private static List<DisturbanceMonitor.Sample> samples(int intervals, long intervalMillis, long ticks,
            IntToLongFunction stealTicksOfInterval) {
        List<DisturbanceMonitor.Sample> taken = new ArrayList<>();
        long[] cpu = new long[ProcStat.STATES];
        for (int interval = 0; interval <= intervals; interval++) {
            taken.add(sample(interval * intervalMillis, cpu, cpu));
            long steal = stealTicksOfInterval.applyAsLong(interval);
            cpu[0] += ticks - steal;
            cpu[ProcStat.STEAL] += steal;
        }
        return taken;
    }

    private static DisturbanceMonitor.Sample sample(long epochMillis, long[]... cpus) {
        StringBuilder text = new StringBuilder("cpu  0 0 0 0 0 0 0 0 0 0\n");
        for (int cpu = 0; cpu < cpus.length; cpu++) {
            text.append("cpu").append(cpu);
            for (long ticks : cpus[cpu]) {
                text.append(' ').append(Long.toUnsignedString(ticks));
            }
            text.append(" 0 0\n");
        }
        return sample(epochMillis, text.toString());
    }

    private static DisturbanceMonitor.Sample sample(long epochMillis, String procStat) {
        return new DisturbanceMonitor.Sample(epochMillis, ProcStat.parse(procStat));
    }

    private static Histogram interval(long startEpochMillis, long endEpochMillis) {
        Histogram interval = new Histogram(3);
        interval.setStartTimeStamp(startEpochMillis);
        interval.setEndTimeStamp(endEpochMillis);
        return interval;
    }
}
