package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/** A run's measured seconds, read from its result directory. */
class MediaRunTest {
    private static final Configuration WEIGHTED = Figure.WEIGHTS.configuration("2.3");
    /** 120 streams for 6 s: 36,000 packets scheduled. */
    private static final Workload WORKLOAD = WEIGHTED.workload().withStreams(120).withDuration(6, 2);

    @TempDir
    Path directory;

    private MediaRun run(long sentEachSecond, long lostEachSecond, List<Histogram> delayIntervals)
            throws IOException {
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
                totals.delayMicros(), Map.of(), List.of(), directory, Duration.ofSeconds(10));
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
}
