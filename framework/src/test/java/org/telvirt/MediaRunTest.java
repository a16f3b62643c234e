package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.host.DomainCores;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/** What a run says when nothing came back, and when its clients sent less than the workload scheduled. */
class MediaRunTest {
    private static final Configuration WEIGHTED = Figure.WEIGHTS.configuration("2.3");
    /** 120 streams for 6 s: 36,000 packets scheduled. */
    private static final Workload WORKLOAD = WEIGHTED.workload().withStreams(120).withDuration(6, 2);

    @TempDir
    Path directory;

    private MediaRun run(long sentEachSecond, long lostEachSecond, List<Histogram> delayIntervals)
            throws IOException {
        return run(sentEachSecond, lostEachSecond, delayIntervals, Map.of());
    }

    private MediaRun run(long sentEachSecond, long lostEachSecond, List<Histogram> delayIntervals,
            Map<String, String> hostStatistics) throws IOException {
        List<RunSummary.Second> seconds = new ArrayList<>();
        RunHistograms totals = RunHistograms.empty();
        for (int second = 0; second < WORKLOAD.seconds(); second++) {
            seconds.add(new RunSummary.Second(sentEachSecond, lostEachSecond));
        }
        Path log = directory.resolve(MediaRun.DELAY_LOG);
        writeLog(log, delayIntervals);
        delayIntervals.forEach(totals.delayMicros()::add);
        RunSummary summary = RunSummary.of(WORKLOAD.streams(), WORKLOAD.seconds(), seconds, 0, 0, 0,
                new RunSummary.JitterMicros(0, 0), totals);
        return new MediaRun(WEIGHTED.withWorkload(WORKLOAD), "emulated", WORKLOAD, List.of(), List.of(), summary,
                totals.delayMicros(), hostStatistics, List.of(), directory, Duration.ofSeconds(10));
    }

    @Test
    void busyCoresComeFromTheHypervisorsAccountWhereNoCreditSchedulerKeepsOne() throws IOException {
        MediaRun onXen = run(100, 0, List.of(delays(500, 100)), Map.of(MediaRun.DOMAIN_CORES_STATISTICS,
                JsonFiles.toLine(new DomainCores(Map.of(Role.DOM0, 1.25, Role.MEDIA, 0.0)))));

        assertThat(onXen.coresUsedBy(Role.DOM0)).hasValue(1.25);
        assertThat(onXen.coresUsedBy(Role.MEDIA)).hasValue(0.0);
        assertThat(onXen.coresUsedBy(Role.CPU1)).as("not in the account").isEmpty();
        assertThat(run(100, 0, List.of(delays(500, 100))).coresUsedBy(Role.DOM0)).as("no account").isEmpty();
    }

    /** A client's log of delay intervals, one a second, untagged. */
    private static void writeLog(Path log, List<Histogram> delayIntervals) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(log))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            for (Histogram interval : delayIntervals) {
                writer.outputIntervalHistogram(interval);
            }
        }
    }

    private static Histogram delays(long micros, long count) {
        Histogram delays = RunHistograms.newHistogram();
        delays.recordValueWithCount(micros, count);
        return delays;
    }

    @Test
    void aRunWithNoPacketBackHasNoDelayRatherThanZero() throws IOException {
        MediaRun allLost = run(6_000, 6_000, List.of());

        assertThat(allLost.delayMillis(50)).isEmpty();
        assertThat(allLost.headline()).contains("p50 no packets back, p99 no packets back");
        SloLimits p99Within5Millis = new SloLimits(100, 5, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET,
                Slo.UNSET, Slo.UNSET, Slo.UNSET);
        assertThat(p99Within5Millis.violations(allLost))
                .containsExactly("p99 delay not measured, <= 5 ms SLO");
        assertThatThrownBy(() -> TelvirtAssertions.assertThat(allLost).hasP99DelayBelow(Duration.ofMillis(5)))
                .hasMessageContaining("p99 delay no packets back > 5 ms SLO");
    }

    @Test
    void aRunsSecondsPairTheSummarysCountsWithTheLogsIntervalsAndTheDrainJoinsTheLast() throws IOException {
        List<Histogram> intervals = new ArrayList<>();
        for (int second = 0; second < WORKLOAD.seconds(); second++) {
            intervals.add(delays(1_000 * (second + 1), 5_990));
        }
        intervals.add(delays(90_000, 10));
        MediaRun run = run(6_000, 10, intervals);

        List<MeasuredSecond> seconds = run.seconds();

        assertThat(seconds).hasSize(WORKLOAD.seconds());
        assertThat(seconds).allSatisfy(second -> assertThat(second.sent()).isEqualTo(6_000));
        assertThat(seconds.get(0).delayMicros().getValueAtPercentile(50)).isEqualTo(1_000);
        assertThat(seconds.get(5).delayMicros().getTotalCount()).as("the drain's 10 late packets")
                .isEqualTo(6_000);
        assertThat(seconds.get(5).delayMicros().getMaxValue()).isGreaterThanOrEqualTo(90_000);
    }

    @Test
    void sendingWhatTheWorkloadSchedulesPasses() throws IOException {
        TelvirtAssertions.assertThat(run(6_000, 0, List.of(delays(1_000, 36_000)))).hasSentEveryScheduledPacket();
    }

    @Test
    void aSenderThatStoppedEarlyFailsWithTheScheduleItMissed() throws IOException {
        MediaRun stoppedAfterHalf = run(3_000, 0, List.of(delays(1_000, 18_000)));

        assertThatThrownBy(() -> TelvirtAssertions.assertThat(stoppedAfterHalf).hasSentEveryScheduledPacket())
                .hasMessageContaining("sent 18000 of the 36000 packets the workload schedules (120 streams x 50 a"
                        + " second x 6 s)");
    }
}
