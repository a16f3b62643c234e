package org.telvirt.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.MeasuredSecond;
import org.telvirt.MediaRun;
import org.telvirt.report.SloVerdict;
import org.telvirt.verdict.BaselineVerdict;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * {@value #FILE}: every run of the build, machine-readable, written beside {@code verdict.json} when the engine
 * finishes (docs/reporting.md, "results.json"). It keeps each run's per-second counts and delays, so that the file
 * alone is a later build's baseline ({@link Baseline}): nothing else of the directory is read.
 */
final class RunResults implements AutoCloseable {
    static final String FILE = "results.json";
    /** Raised when a field changes meaning or goes; a reader refuses any other. */
    static final int SCHEMA_VERSION = 1;
    /** GitLab's variables for the build's release tag and commit; empty outside a pipeline. */
    static final String VERSION_VARIABLE = "CI_COMMIT_TAG";
    static final String COMMIT_VARIABLE = "CI_COMMIT_SHA";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunResults.class);

    /**
     * One run as the file keeps it, and as a later build reads it back.
     *
     * @param test {@code Class.method} of the test that ran it; with {@code key} and {@code host} what a baseline is
     *     matched on
     * @param repetition which run of the configuration in that test, from 1
     * @param image the VM image the run measured ({@link ImageUnderTest}), null when the build was given none
     * @param seconds the measured seconds (docs/findings.md, section 1)
     */
    record Run(String figure, String configuration, String key, String test, int repetition, String host,
               String image, int streams, long sent, long lost, List<MeasuredSecond> seconds) {
        Run {
            seconds = List.copyOf(seconds);
        }

        static Run of(String test, int repetition, MediaRun run) {
            return new Run(run.configuration().figure() == null ? null : run.configuration().figure().title(),
                    run.configuration().id(), run.configuration().key(), test, repetition, run.host(),
                    ImageUnderTest.ofBuild().map(ImageUnderTest::label).orElse(null),
                    run.streams(), run.packetsSent(), run.packetsLost(), run.seconds());
        }

        /** Every measured second's delays added: the run's histogram as far as the file keeps it. */
        Histogram delayMicros() {
            Histogram merged = RunHistograms.newHistogram();
            seconds.forEach(second -> merged.add(second.delayMicros()));
            return merged;
        }

        private Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("figure", figure);
            json.put("configuration", configuration);
            json.put("key", key);
            json.put("test", test);
            json.put("repetition", repetition);
            json.put("host", host);
            json.put("image", image);
            json.put("streams", streams);
            json.put("sent", sent);
            json.put("lost", lost);
            json.put("lossPercent", RunSummary.lossPercent(lost, sent));
            Histogram delays = delayMicros();
            json.put("p50Millis", delays.getTotalCount() == 0 ? null : delays.getValueAtPercentile(50) / 1000.0);
            json.put("p99Millis", delays.getTotalCount() == 0 ? null : delays.getValueAtPercentile(99) / 1000.0);
            return json;
        }

        /**
         * A second as {@code {"sent", "lost", "delayMicros": [[value, count], ...]}}: each recorded bucket's highest
         * equivalent value, which a histogram of the same precision puts back into the same bucket.
         */
        private static Map<String, Object> secondJson(MeasuredSecond second) {
            List<long[]> delays = new ArrayList<>();
            for (HistogramIterationValue recorded : second.delayMicros().recordedValues()) {
                delays.add(new long[] {second.delayMicros().highestEquivalentValue(recorded.getValueIteratedTo()),
                    recorded.getCountAtValueIteratedTo()});
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sent", second.sent());
            json.put("lost", second.lost());
            json.put("delayMicros", delays);
            return json;
        }

        private static Run fromJson(JsonNode json) throws IOException {
            List<MeasuredSecond> seconds = new ArrayList<>();
            for (JsonNode second : required(json, "seconds")) {
                Histogram delays = RunHistograms.newHistogram();
                for (JsonNode bucket : required(second, "delayMicros")) {
                    delays.recordValueWithCount(bucket.get(0).asLong(), bucket.get(1).asLong());
                }
                seconds.add(new MeasuredSecond(required(second, "sent").asLong(), required(second, "lost").asLong(),
                        delays));
            }
            return new Run(text(json, "figure"), text(json, "configuration"), required(json, "key").asText(),
                    required(json, "test").asText(), required(json, "repetition").asInt(),
                    required(json, "host").asText(), text(json, "image"), required(json, "streams").asInt(),
                    required(json, "sent").asLong(), required(json, "lost").asLong(), seconds);
        }
    }

    /** A run with what this build judged of it: its SLO and its comparison with the baseline (null when none). */
    record Entry(Run run, String slo, SloVerdict sloVerdict, BaselineVerdict baseline) {
        private Map<String, Object> toJson() {
            Map<String, Object> json = run.toJson();
            json.put("slo", slo);
            json.put("sloVerdict", sloVerdict.outcome().name());
            json.put("sloDetail", sloVerdict.detail());
            json.put("baseline", baseline == null ? null : baseline.toJson());
            json.put("seconds", run.seconds().stream().map(Run::secondJson).toList());
            return json;
        }
    }

    /** What a {@value #FILE} holds: where it came from and its runs. */
    record Contents(String version, String commit, List<Run> runs) {
        Contents {
            runs = List.copyOf(runs);
        }
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    private RunResults(Path file) {
        this.file = file;
    }

    /** The build's results, kept in the root context's store and written when the engine finishes. */
    static RunResults of(ExtensionContext anyContext) {
        return anyContext.getRoot().getStore(NAMESPACE).computeIfAbsent(RunResults.class,
                type -> new RunResults(ResultFiles.root().resolve(FILE)), RunResults.class);
    }

    synchronized void add(Entry entry) {
        entries.add(entry);
    }

    @Override
    public synchronized void close() {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", SCHEMA_VERSION);
        json.put("version", System.getenv(VERSION_VARIABLE));
        json.put("commit", System.getenv(COMMIT_VARIABLE));
        json.put("written", Instant.now().toString());
        json.put("runs", entries.stream().map(Entry::toJson).toList());
        ResultFiles.writeAtomically(file, json);
        System.out.println("[telvirt] " + entries.size() + " runs, their seconds and verdicts: "
                + file.toAbsolutePath());
    }

    /**
     * The {@value #FILE} a build left in {@code directory}.
     *
     * @throws IOException when it is missing, not JSON, of another schema version or lacks a field
     */
    static Contents read(Path directory) throws IOException {
        Path source = directory.resolve(FILE);
        JsonNode json = new ObjectMapper().readTree(source.toFile());
        int version = json.path("schemaVersion").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new IOException(source + " has schemaVersion " + json.path("schemaVersion")
                    + "; this telvirt reads " + SCHEMA_VERSION);
        }
        List<Run> runs = new ArrayList<>();
        for (JsonNode run : required(json, "runs")) {
            runs.add(Run.fromJson(run));
        }
        return new Contents(text(json, "version"), text(json, "commit"), runs);
    }

    private static JsonNode required(JsonNode json, String field) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IOException("a run or second without \"" + field + "\"");
        }
        return value;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
