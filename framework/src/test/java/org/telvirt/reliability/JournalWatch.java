package org.telvirt.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.telvirt.hostkit.journal.Undo;

/**
 * Reads the knob journals in a directory while runs write them, so a test knows every change a run
 * made to the host (the journal itself is emptied and deleted once the run has restored).
 */
final class JournalWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 10;

    private final Path directory;
    private final Map<Path, String> longestContent = new LinkedHashMap<>();
    private final Thread poller;
    private volatile boolean watching = true;

    private JournalWatch(Path directory) {
        this.directory = directory;
        this.poller = new Thread(this::poll, "journal-watch");
        poller.setDaemon(true);
    }

    static JournalWatch of(Path directory) {
        JournalWatch watch = new JournalWatch(directory);
        watch.poller.start();
        return watch;
    }

    private void poll() {
        while (watching) {
            readOnce();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    /** Journals are append-only: the longest content seen of each file holds every entry it had. */
    private synchronized void readOnce() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> journals = Files.newDirectoryStream(directory, "*.jsonl")) {
            for (Path journal : journals) {
                try {
                    String content = Files.readString(journal);
                    longestContent.merge(journal, content, (seen, now) -> now.length() > seen.length() ? now : seen);
                } catch (IOException restoredAndDeleted) {
                    // the run finished with it between listing and reading
                }
            }
        } catch (IOException directoryGone) {
            // nothing to watch
        }
    }

    /** Every complete entry seen, oldest first within each journal. */
    synchronized List<Undo> entries() {
        readOnce();
        List<Undo> entries = new ArrayList<>();
        for (String content : longestContent.values()) {
            for (String line : content.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        entries.add(JSON.readValue(line, Undo.class));
                    } catch (JsonProcessingException tornLastLine) {
                        // the run was killed while appending it: the change it announces was never made
                    }
                }
            }
        }
        return entries;
    }

    /** The journal files now in the directory. */
    List<Path> journalsLeft() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".jsonl")).toList();
        }
    }

    /** Waits until the journals hold an entry matching {@code wanted}. */
    boolean awaitEntry(Predicate<Undo> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (entries().stream().anyMatch(wanted)) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        watching = false;
        poller.interrupt();
        poller.join();
    }
}
