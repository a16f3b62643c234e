package org.telvirt.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of each long-running program's log written during one configuration: marked where the logs end when
 * the configuration starts, and copied into its result directory, under the log's own name, when it ends. Programs
 * that outlive a configuration (servers kept across a figure) thereby still leave every run its own logs.
 */
public final class LogSegments {
    private final Map<Path, Long> startOffsets = new LinkedHashMap<>();

    private LogSegments() {
    }

    /** Marks where each log ends now; a log not written yet starts at 0. */
    public static LogSegments mark(List<Path> logs) {
        LogSegments segments = new LogSegments();
        logs.forEach(segments::add);
        return segments;
    }

    /** Marks where one more log ends now (0 if it is not written yet): a program the configuration started or woke. */
    public void add(Path log) {
        long size;
        try {
            size = Files.isRegularFile(log) ? Files.size(log) : 0;
        } catch (IOException unreadable) {
            size = 0;
        }
        startOffsets.putIfAbsent(log, size);
    }

    /**
     * Copies what each log gained since the mark into {@code directory} under the log's file name; a file of that
     * name already there (a program the configuration started itself) is left alone. A log that cannot be read or
     * written is skipped: the logs explain a run, they are not its results.
     */
    public void copyInto(Path directory) {
        for (Map.Entry<Path, Long> mark : startOffsets.entrySet()) {
            Path target = directory.resolve(mark.getKey().getFileName());
            if (Files.exists(target)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(mark.getKey()); OutputStream out = Files.newOutputStream(target)) {
                in.skipNBytes(Math.min(mark.getValue(), Files.size(mark.getKey())));
                in.transferTo(out);
            } catch (IOException unreadable) {
                // the log explains the run; without it the run's results still stand
            }
        }
    }
}
