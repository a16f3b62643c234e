package org.telvirt.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.telvirt.HostException;
import org.telvirt.host.HostDisturbance;
import org.telvirt.workloads.io.AtomicFiles;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.SloLimits;
import org.telvirt.quality.EModel;

/**
 * Where a run's results are kept ({@code target/telvirt/<class>/<method>/<configuration>/}) and the
 * record of what ran: {@code run.json} beside the client's {@code summary.json} and
 * {@code delay.hlog}, also for a run that failed. Written atomically, so a crash never leaves half
 * a file; a directory that cannot take a run's results is refused before the host is touched.
 */
final class ResultFiles {
    static final String DIRECTORY_PROPERTY = "telvirt.results.dir";
    static final String RUN_RECORD = "run.json";
    /** More than the logs, summary and histogram of a long run take, so a run never dies of a full disk. */
    static final long MIN_FREE_BYTES = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/telvirt"));
    }

    /**
     * The run's directory, emptied of an earlier build's files, created and proven writable with room to spare; a
     * test's second and later runs of one configuration each get their own.
     */
    static Path directoryFor(Class<?> testClass, String method, Configuration configuration, int repetition) {
        Path directory = runDirectory(testClass, method, configuration, repetition);
        try {
            deleteEarlierRun(directory);
            for (int attempt = 1; Files.isDirectory(HostDisturbance.setAsideDirectory(directory, attempt)); attempt++) {
                deleteEarlierRun(HostDisturbance.setAsideDirectory(directory, attempt));
            }
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".write-probe", ".tmp"));
            long free = Files.getFileStore(directory).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new IOException(String.format(Locale.ROOT, "only %d KiB free there, a run needs %d KiB",
                        free >> 10, MIN_FREE_BYTES >> 10));
            }
        } catch (IOException failed) {
            throw new HostException("cannot write results to " + directory.toAbsolutePath() + ": " + reason(failed)
                    + " (set -D" + DIRECTORY_PROPERTY + " to a writable directory)", failed);
        }
        return directory;
    }

    /** Where the run of a configuration keeps its files, made or not. */
    static Path runDirectory(Class<?> testClass, String method, Configuration configuration, int repetition) {
        return root().resolve(testClass.getSimpleName()).resolve(method)
                .resolve(configuration.key() + (repetition == 1 ? "" : "-run" + repetition));
    }

    /** An earlier run's logs and summaries would be read as this run's (logs are numbered per program). */
    private static void deleteEarlierRun(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> earlier = Files.walk(directory)) {
            for (Path path : earlier.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static void writeRunRecord(MediaRun run, HostDisturbance disturbance, SloLimits slo, int requestedStreams) {
        writeAtomically(run.resultDirectory().resolve(RUN_RECORD),
                runRecord(run, disturbance, slo, requestedStreams, Optional.empty()));
    }

    /** The record of a run the host's disturbance voids: every number it measured, and why its SLO was not judged. */
    static void writeDisturbedRunRecord(MediaRun run, HostDisturbance disturbance, SloLimits slo,
            int requestedStreams, HostException disturbed) {
        writeAtomically(run.resultDirectory().resolve(RUN_RECORD),
                runRecord(run, disturbance, slo, requestedStreams, Optional.of(disturbed)));
    }

    private static Map<String, Object> runRecord(MediaRun run, HostDisturbance disturbance, SloLimits slo,
            int requestedStreams, Optional<HostException> disturbed) {
        Map<String, Object> record = describe(run.configuration(), run.host(), requestedStreams);
        record.put("workload", run.workload());
        record.put("applied", run.applied().stream().map(Object::toString).toList());
        record.put("notes", run.notes());
        record.put("hostStatistics", run.hostStatistics());
        record.put("hostDisturbance", disturbance.recorded());
        record.put("slo", slo.toString());
        if (disturbed.isPresent()) {
            record.put("failure", failure(disturbed.get()));
        } else {
            record.put("sloViolations", slo.violations(run));
        }
        record.put("elapsedSeconds", run.elapsed().toMillis() / 1000.0);
        record.put("summary", run.summary());
        record.put("telephony", telephony(run));
        run.signaling().ifPresent(calls -> record.put("signaling", calls));
        if (!run.generators().isEmpty()) {
            record.put("generators", run.generators().stream().map(share -> Map.of("name", share.name(),
                    "where", share.where(), "summary", share.summary())).toList());
        }
        return record;
    }

    /**
     * The figures a telephony QA engineer reads, with what went into the E-model; a figure the run could not measure
     * is left out rather than written as NaN, which JSON has no number for.
     */
    private static Map<String, Object> telephony(MediaRun run) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("mos", run.mos());
        figures.put("rFactor", run.rFactor());
        figures.put("oneWayDelayMillis", run.oneWayDelayMillis());
        figures.put("jitterBufferMillis", run.jitterBufferMillis());
        figures.put("burstRatio", run.burstRatio());
        figures.put("worstStreamLossPercent", run.worstStreamLossPercent());
        figures.put("p99StreamLossPercent", run.p99StreamLossPercent());
        figures.put("longestLossBurstPackets", run.longestLossBurstPackets());
        figures.put("p50CallSetupMillis", run.p50CallSetupMillis());
        figures.put("p99CallSetupMillis", run.p99CallSetupMillis());
        figures.put("failedCalls", run.failedCalls());
        Map<String, Object> measured = new LinkedHashMap<>();
        figures.forEach((name, value) -> {
            if (!Double.isNaN(value)) {
                measured.put(name, value);
            }
        });
        measured.put("eModel", EModel.ASSUMPTIONS);
        return measured;
    }

    /**
     * The record of a run that did not finish measuring: what was asked, what stopped it, and the
     * files it left (program logs, a partial histogram log), so nothing it measured is lost.
     */
    static void writeFailedRunRecord(Configuration configuration, String host, SloLimits slo, int requestedStreams,
            Path directory, Throwable failure) {
        Map<String, Object> record = describe(configuration, host, requestedStreams);
        record.put("workload", configuration.workload());
        record.put("slo", slo.toString());
        record.put("failure", failure(failure));
        try (var files = Files.list(directory)) {
            record.put("files", files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !name.equals(RUN_RECORD)).sorted().toList());
        } catch (IOException unreadable) {
            record.put("files", "unreadable: " + reason(unreadable));
        }
        writeAtomically(directory.resolve(RUN_RECORD), record);
    }

    private static String failure(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static Map<String, Object> describe(Configuration configuration, String host, int requestedStreams) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("figure", configuration.figure() == null ? null : configuration.figure().title());
        record.put("configuration", configuration.id());
        record.put("description", configuration.description());
        record.put("host", host);
        record.put("knobs", configuration.tuning().describe());
        record.put("requestedStreams", requestedStreams);
        return record;
    }

    static void writeAtomically(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException unrepresentable) {
            throw new IllegalStateException("cannot represent " + file.getFileName() + " as JSON", unrepresentable);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed.getMessage(), failed);
        }
    }

    private static String reason(IOException failed) {
        return failed.getMessage() == null ? failed.getClass().getSimpleName() : failed.getMessage();
    }
}
