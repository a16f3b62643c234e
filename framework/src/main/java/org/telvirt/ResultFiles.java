package org.telvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's results are kept ({@code target/telvirt/<class>/<method>/<configuration>/}) and the
 * record of what ran: {@code run.json} beside the client's {@code summary.json} and
 * {@code delay.hlog}. Written atomically, so a crash never leaves half a file.
 */
final class ResultFiles {
    static final String DIRECTORY_PROPERTY = "telvirt.results.dir";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/telvirt"));
    }

    static Path directoryFor(Class<?> testClass, String method, Configuration configuration) {
        Path directory = root().resolve(testClass.getSimpleName()).resolve(method).resolve(configuration.key());
        try {
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                throw new IOException("not writable");
            }
        } catch (IOException failed) {
            throw new org.telvirt.host.HostException("cannot write results to " + directory.toAbsolutePath() + ": "
                    + failed.getMessage() + " (set -D" + DIRECTORY_PROPERTY + " to a writable directory)", failed);
        }
        return directory;
    }

    static void writeRunRecord(MediaRun run, SloLimits slo, int requestedStreams) {
        Map<String, Object> record = new LinkedHashMap<>();
        Configuration configuration = run.configuration();
        record.put("figure", configuration.figure() == null ? null : configuration.figure().title());
        record.put("configuration", configuration.id());
        record.put("description", configuration.description());
        record.put("host", run.host());
        record.put("knobs", configuration.tuning().describe());
        record.put("workload", run.workload());
        record.put("requestedStreams", requestedStreams);
        record.put("applied", run.applied().stream().map(Object::toString).toList());
        record.put("notes", run.notes());
        record.put("hostStatistics", run.hostStatistics());
        record.put("slo", slo.toString());
        record.put("sloViolations", slo.violations(run));
        record.put("elapsedSeconds", run.elapsed().toMillis() / 1000.0);
        record.put("summary", run.summary());
        writeAtomically(run.resultDirectory().resolve("run.json"), record);
    }

    static void writeAtomically(Path file, Object value) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), value);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write " + file, failed);
        }
    }
}
