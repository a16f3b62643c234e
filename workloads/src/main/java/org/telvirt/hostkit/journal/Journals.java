package org.telvirt.hostkit.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The journals in a directory: which runs are alive, and restoring the ones left behind by dead runs. */
public final class Journals {
    private Journals() {
    }

    /** One journal file as {@code host status} shows it; {@code entries} is -1 for a journal this JVM writes. */
    public record Status(Path file, String runId, boolean alive, int entries) {
        @Override
        public String toString() {
            String count = entries < 0 ? "  ? entries" : String.format("%3d entr%s", entries, entries == 1 ? "y  " : "ies");
            return String.format("%-12s %-32s %s  %s", alive ? "in use" : "LEFT BEHIND", runId, count, file);
        }
    }

    /** Every journal in the directory, alive (locked by a running run) or left behind. */
    public static List<Status> list(Path directory) throws IOException {
        List<Status> statuses = new ArrayList<>();
        for (Path file : journalFiles(directory)) {
            if (KnobJournal.OPEN_HERE.contains(file)) {
                statuses.add(new Status(file, runIdOf(file), true, -1));
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                statuses.add(new Status(file, runIdOf(file), lock == null, parse(file, readAll(channel)).size()));
                if (lock != null) {
                    lock.release();
                }
            } catch (NoSuchFileException finishedMeanwhile) {
                // its run restored and deleted it while we looked
            }
        }
        return statuses;
    }

    /**
     * Restores every journal whose lock is free (its run died), newest entry first, printing each step; a journal
     * is deleted only when its restore is fully verified. Journals of live runs are not touched.
     */
    public static List<RestoreReport> restoreLeftBehind(Path directory, PrintStream log) throws IOException {
        List<RestoreReport> reports = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return reports;
        }
        for (Path file : journalFiles(directory)) {
            if (KnobJournal.OPEN_HERE.contains(file)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null || !Files.exists(file)) {
                    continue;
                }
                List<Undo> entries = parse(file, readAll(channel));
                RestoreReport report = new RestoreReport(file, runIdOf(file), true, KnobJournal.undoAll(entries));
                log.println("telvirt: found journal " + file + " left behind by a run that did not restore the host");
                report.print(log);
                if (report.verified()) {
                    channel.truncate(0);
                    Files.delete(file);
                }
                lock.release();
                reports.add(report);
            } catch (NoSuchFileException finishedMeanwhile) {
                // its run restored and deleted it while we looked
            }
        }
        return reports;
    }

    /** The entries of a journal, oldest first; a torn last line (the run died while writing it) is skipped. */
    static List<Undo> parse(Path file, String content) throws IOException {
        List<Undo> entries = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                entries.add(KnobJournal.JSON.readValue(lines[i], Undo.class));
            } catch (JsonProcessingException e) {
                boolean last = i == lines.length - 1 && !content.endsWith("\n");
                if (!last) {
                    throw new IOException("journal " + file + " line " + (i + 1) + " is not an entry: "
                            + e.getOriginalMessage(), e);
                }
            }
        }
        return entries;
    }

    private static List<Path> journalFiles(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + KnobJournal.SUFFIX)) {
            stream.forEach(file -> files.add(file.toAbsolutePath()));
        }
        files.sort(null);
        return files;
    }

    private static String runIdOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - KnobJournal.SUFFIX.length());
    }

    /** Reads through the locked channel itself: opening and closing another channel would drop the lock. */
    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        int read;
        do {
            read = channel.read(buffer, buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
