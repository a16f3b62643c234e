package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
    @TempDir
    Path directory;

    private static RunHistograms histograms(long... delays) {
        RunHistograms histograms = RunHistograms.empty();
        for (long delay : delays) {
            histograms.delayMicros().recordValue(delay);
            histograms.sendLatenessMicros().recordValue(delay / 10);
        }
        return histograms;
    }

    private static RunSummary sample() {
        return RunSummary.of(800, 20.0, seconds(20, 40_000, 3, 10), 3, 7, 2, new RunSummary.JitterMicros(12.5, 80.25),
                histograms(100, 120, 150, 900, 2000));
    }

    /** {@code count} seconds of {@code sentEach} packets, all of second {@code lossySecond}'s {@code lost} lost. */
    private static List<RunSummary.Second> seconds(int count, long sentEach, int lossySecond, long lost) {
        List<RunSummary.Second> seconds = new ArrayList<>();
        for (int second = 0; second < count; second++) {
            seconds.add(new RunSummary.Second(sentEach, second == lossySecond ? lost : 0));
        }
        return seconds;
    }

    @Test
    void jsonHasExactlyTheAgreedFieldNames() throws IOException {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());

        assertThat(fieldNames(json)).containsExactly("streams", "durationSeconds", "packetsSent", "packetsReceived",
                "packetsLost", "lossPercent", "duplicates", "reordered", "malformedReceived", "delayMicros",
                "jitterMicros", "sendLatenessMicros", "seconds");
        assertThat(json.get("seconds")).hasSize(20);
        assertThat(fieldNames(json.get("seconds").get(0))).containsExactly("sent", "lost");
        assertThat(fieldNames(json.get("delayMicros"))).containsExactly("min", "p50", "p90", "p99", "p999", "max");
        assertThat(fieldNames(json.get("jitterMicros"))).containsExactly("mean", "max");
        assertThat(fieldNames(json.get("sendLatenessMicros"))).containsExactly("p50", "p99", "max");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theTotalsAndLossFollowFromTheSeconds() {
        RunSummary summary = sample();
        assertThat(summary.packetsSent()).isEqualTo(800_000);
        assertThat(summary.packetsReceived()).isEqualTo(799_990);
        assertThat(summary.packetsLost()).isEqualTo(10);
        assertThat(summary.seconds().get(3)).isEqualTo(new RunSummary.Second(40_000, 10));
        assertThat(summary.lossPercent()).isEqualTo(100.0 * 10 / 800_000);
        assertThat(summary.delayMicros().min()).isEqualTo(100);
        assertThat(summary.delayMicros().max()).isBetween(2000L, 2001L);
        assertThat(RunSummary.lossPercent(0, 0)).isZero();
    }

    @Test
    void writesAtomicallyAndReadsBack() throws IOException {
        Path file = directory.resolve("nested/summary.json");
        sample().write(file);
        sample().write(file);

        assertThat(RunSummary.read(file)).isEqualTo(sample());
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void readingRejectsAFileWithUnknownOrMissingFields() throws IOException {
        Path extra = directory.resolve("extra.json");
        Files.writeString(extra, sample().toJson().replace("{\"streams\"", "{\"colour\":1,\"streams\""));
        Path missing = directory.resolve("missing.json");
        Files.writeString(missing, sample().toJson().replace("\"streams\":800,", ""));

        assertThatThrownBy(() -> RunSummary.read(extra)).hasMessageContaining("colour");
        assertThatThrownBy(() -> RunSummary.read(missing)).hasMessageContaining("streams");
    }

    @Test
    void mergeAddsCountsAndTakesPercentilesFromTheMergedHistogramLogs() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<Path> logs = new ArrayList<>();
        List<RunSummary> parts = new ArrayList<>();
        Histogram everything = RunHistograms.newHistogram();
        for (int generator = 0; generator < 3; generator++) {
            Histogram delays = RunHistograms.newHistogram();
            Histogram lateness = RunHistograms.newHistogram();
            for (int i = 0; i < 10_000; i++) {
                long delay = 100 + random.nextLong(400) * (generator + 1);
                delays.recordValue(delay);
                everything.recordValue(delay);
                lateness.recordValue(random.nextLong(50));
            }
            Path log = directory.resolve("generator-" + generator + ".hlog");
            writeLog(log, delays, lateness);
            logs.add(log);
            RunHistograms own = RunHistograms.read(log);
            parts.add(RunSummary.of(300, 20, seconds(2, 5_000, 1, generator), generator, 1, 0,
                    new RunSummary.JitterMicros(10 * (generator + 1), 100 + generator), own));
        }

        RunSummary merged = RunSummary.merge(parts, RunHistograms.readAll(logs));

        assertThat(merged.streams()).isEqualTo(900);
        assertThat(merged.packetsSent()).isEqualTo(30_000);
        assertThat(merged.packetsReceived()).isEqualTo(29_997);
        assertThat(merged.packetsLost()).isEqualTo(3);
        assertThat(merged.seconds()).as("each second added to the same second of the others")
                .containsExactly(new RunSummary.Second(15_000, 0), new RunSummary.Second(15_000, 3));
        assertThat(merged.duplicates()).isEqualTo(3);
        assertThat(merged.reordered()).isEqualTo(3);
        assertThat(merged.jitterMicros()).isEqualTo(new RunSummary.JitterMicros(20, 102));
        assertThat(merged.delayMicros()).isEqualTo(RunSummary.DelayMicros.of(everything));
        assertThat(merged.delayMicros().p99()).isNotEqualTo(parts.get(0).delayMicros().p99());
    }

    @Test
    void generatorLogsMergeSecondBySecondAndTheMergedLogReadsBackTheSame() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        List<IntervalLog> generators = new ArrayList<>();
        List<Histogram> secondsOfAll = List.of(RunHistograms.newHistogram(), RunHistograms.newHistogram(),
                RunHistograms.newHistogram());
        for (int generator = 0; generator < 2; generator++) {
            List<Histogram[]> intervals = new ArrayList<>();
            // the second generator's drain ended a second earlier: it has one interval less
            for (int second = 0; second < 3 - generator; second++) {
                Histogram delays = RunHistograms.newHistogram();
                Histogram lateness = RunHistograms.newHistogram();
                for (int i = 0; i < 1_000; i++) {
                    long delay = 200 * (second + 1) + random.nextLong(100);
                    delays.recordValue(delay);
                    secondsOfAll.get(second).recordValue(delay);
                    lateness.recordValue(random.nextLong(80));
                }
                intervals.add(new Histogram[] {delays, lateness});
            }
            Path log = directory.resolve("generator-" + generator + ".hlog");
            writeLog(log, intervals);
            generators.add(IntervalLog.read(log));
        }
        Path merged = directory.resolve("merged.hlog");

        IntervalLog.merge(generators).write(merged);
        IntervalLog read = IntervalLog.read(merged);

        assertThat(read.delayMicros()).hasSize(3);
        for (int second = 0; second < 3; second++) {
            assertThat(read.delayMicros().get(second)).as("second %d", second).isEqualTo(secondsOfAll.get(second));
        }
        assertThat(read.totals().sendLatenessMicros().getTotalCount()).isEqualTo(5_000);
    }

    private static void writeLog(Path file, Histogram delays, Histogram lateness) throws IOException {
        writeLog(file, List.<Histogram[]>of(new Histogram[] {delays, lateness}));
    }

    /** A client's log: per second, its delay interval untagged and its lateness interval tagged. */
    private static void writeLog(Path file, List<Histogram[]> delayAndLatenessBySecond) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (int second = 0; second < delayAndLatenessBySecond.size(); second++) {
                Histogram delays = delayAndLatenessBySecond.get(second)[0];
                Histogram lateness = delayAndLatenessBySecond.get(second)[1];
                delays.setStartTimeStamp(1000L * (second + 1));
                delays.setEndTimeStamp(1000L * (second + 2));
                writer.outputIntervalHistogram(delays);
                lateness.setTag(RunHistograms.SEND_LATENESS_TAG);
                lateness.setStartTimeStamp(1000L * (second + 1));
                lateness.setEndTimeStamp(1000L * (second + 2));
                writer.outputIntervalHistogram(lateness);
            }
        }
    }

    @Test
    void readingAMissingOrBrokenLogSaysWhich() throws IOException {
        Path broken = directory.resolve("broken.hlog");
        Files.writeString(broken, "0.0,1.0,1.0,not-a-histogram\n");

        assertThatThrownBy(() -> RunHistograms.read(directory.resolve("absent.hlog"))).hasMessageContaining("absent.hlog");
        assertThatThrownBy(() -> RunHistograms.read(broken)).hasMessageContaining("broken.hlog");
    }
}
