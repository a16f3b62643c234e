package org.telvirt.hostkit.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The journals in a directory: which runs are alive, and restoring the ones left behind by dead runs. */
public final class Journals {
    /** A journal is replayed as root: only its owner may write it, or the directory it lies in. */
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
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
            Optional<String> unsafe = notPrivate(file);
            if (unsafe.isPresent()) {
                log.println("telvirt: NOT replaying journal " + file + ": " + unsafe.get() + "; a journal is replayed"
                        + " as this user, so only one this user alone could have written is trusted (check it, then"
                        + " fix its permissions or remove it)");
                reports.add(new RestoreReport(file, runIdOf(file), true, List.of(RestoreStep.failed("journal",
                        file.toString(), null, null, "not replayed: " + unsafe.get()))));
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

    /**
     * Why a journal file could have been written by someone else (another owner, or writable by group
     * or others, or in such a directory), or empty when only its owner, this user, could have.
     */
    public static Optional<String> notPrivate(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        String user = System.getProperty("user.name");
        for (Path path : List.of(file, file.toAbsolutePath().getParent())) {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            if (!attributes.owner().getName().equals(user)) {
                return Optional.of(path + " is owned by " + attributes.owner().getName() + ", not " + user);
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return Optional.of(path + " is writable by others (" + PosixFilePermissions.toString(permissions) + ")");
            }
        }
        return Optional.empty();
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
