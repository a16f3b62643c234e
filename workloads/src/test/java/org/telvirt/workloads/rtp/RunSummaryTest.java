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
        return RunSummary.of(800, 20.0, 800_000, 799_990, 3, 7, 2, new RunSummary.JitterMicros(12.5, 80.25),
                histograms(100, 120, 150, 900, 2000));
    }

    @Test
    void jsonHasExactlyTheAgreedFieldNames() throws IOException {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());

        assertThat(fieldNames(json)).containsExactly("streams", "durationSeconds", "packetsSent", "packetsReceived",
                "packetsLost", "lossPercent", "duplicates", "reordered", "malformedReceived", "delayMicros",
                "jitterMicros", "sendLatenessMicros");
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
    void lossFollowsFromTheCounts() {
        RunSummary summary = sample();
        assertThat(summary.packetsLost()).isEqualTo(10);
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
            parts.add(RunSummary.of(300, 20, 10_000 + generator, 10_000, generator, 1, 0,
                    new RunSummary.JitterMicros(10 * (generator + 1), 100 + generator), own));
        }

        RunSummary merged = RunSummary.merge(parts, RunHistograms.readAll(logs));

        assertThat(merged.streams()).isEqualTo(900);
        assertThat(merged.packetsSent()).isEqualTo(30_003);
        assertThat(merged.packetsReceived()).isEqualTo(30_000);
        assertThat(merged.packetsLost()).isEqualTo(3);
        assertThat(merged.duplicates()).isEqualTo(3);
        assertThat(merged.reordered()).isEqualTo(3);
        assertThat(merged.jitterMicros()).isEqualTo(new RunSummary.JitterMicros(20, 102));
        assertThat(merged.delayMicros()).isEqualTo(RunSummary.DelayMicros.of(everything));
        assertThat(merged.delayMicros().p99()).isNotEqualTo(parts.get(0).delayMicros().p99());
    }

    @Test
    void aWrittenMergedLogReadsBackAsTheSameDistributions() throws IOException {
        RunHistograms merged = RunHistograms.empty();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            merged.delayMicros().recordValue(200 + random.nextLong(5_000));
            merged.sendLatenessMicros().recordValue(random.nextLong(80));
        }
        Path log = directory.resolve("merged.hlog");

        merged.write(log, 1_700_000_000_000L, 1_700_000_020_000L);
        RunHistograms read = RunHistograms.read(log);

        assertThat(read.delayMicros()).isEqualTo(merged.delayMicros());
        assertThat(read.sendLatenessMicros()).isEqualTo(merged.sendLatenessMicros());
    }

    private static void writeLog(Path file, Histogram delays, Histogram lateness) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            delays.setStartTimeStamp(1000);
            delays.setEndTimeStamp(2000);
            writer.outputIntervalHistogram(delays);
            lateness.setTag(RunHistograms.SEND_LATENESS_TAG);
            lateness.setStartTimeStamp(1000);
            lateness.setEndTimeStamp(2000);
            writer.outputIntervalHistogram(lateness);
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
