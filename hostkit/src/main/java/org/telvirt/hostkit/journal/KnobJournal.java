package org.telvirt.hostkit.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.ProcFs;

/**
 * The knob journal of one run: every change to the host is recorded (fsync'd JSON lines) before it is made, and
 * {@link #restore()} undoes all of them in reverse order, reading each back.
 *
 * <p>The run holds an exclusive lock on its file while it is alive, so a journal whose lock is free was left
 * behind by a run that died; {@link #open} restores those first. The file is deleted only after a fully verified
 * restore. A shutdown hook restores on SIGINT and SIGTERM.
 *
 * <p>The file is written through {@link RandomAccessFile}, not a {@code FileChannel}: an interrupt (a test's time
 * limit stopping a run) closes a channel in the middle of its write, which would lose the lock and leave the journal
 * unable to record the next change or to empty itself after the restore.
 */
public final class KnobJournal implements AutoCloseable {
    /** System property naming the journal directory. */
    public static final String DIR_PROPERTY = "telvirt.journal.dir";
    static final String SUFFIX = ".jsonl";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Journal files this JVM holds: never opened by a scan, because closing any channel drops this JVM's lock. */
    static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path file;
    private final String runId;
    /** Holds the lock (its channel's) for as long as it is open. */
    private final RandomAccessFile records;
    private final PrintStream log;
    private final List<RestoreReport> leftBehind;
    private final List<Undo> entries = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private KnobJournal(Path file, String runId, RandomAccessFile records, PrintStream log,
                        List<RestoreReport> leftBehind) {
        this.file = file;
        this.runId = runId;
        this.records = records;
        this.log = log;
        this.leftBehind = List.copyOf(leftBehind);
        this.shutdownHook = new Thread(this::restoreOnShutdown, "telvirt-journal-" + runId);
    }

    /** The directory from {@code -Dtelvirt.journal.dir}, by default {@code ~/.local/state/telvirt/journal}. */
    public static Path defaultDirectory() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "telvirt", "journal");
    }

    /** A run id unique on this machine: time and pid. */
    public static String newRunId() {
        return String.format("%1$tY%1$tm%1$td-%1$tH%1$tM%1$tS-%2$d", new java.util.Date(),
                ProcessHandle.current().pid());
    }

    /** Opens a journal in the default directory; see {@link #open(Path, String, PrintStream)}. */
    public static KnobJournal open(String runId, PrintStream log) throws IOException {
        return open(defaultDirectory(), runId, log);
    }

    /**
     * Restores every journal in {@code directory} that its run left behind (and prints what it undid), then
     * creates and locks this run's journal file {@code <runId>.jsonl}.
     */
    public static KnobJournal open(Path directory, String runId, PrintStream log) throws IOException {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' must match " + RUN_ID.pattern());
        }
        Files.createDirectories(directory, Journals.PRIVATE_DIRECTORY);
        List<RestoreReport> restored = Journals.restoreLeftBehind(directory, log);
        Path file = directory.resolve(runId + SUFFIX).toAbsolutePath();
        Files.createFile(file, Journals.PRIVATE_FILE);
        RandomAccessFile records = new RandomAccessFile(file.toFile(), "rw");
        if (records.getChannel().tryLock() == null) {
            records.close();
            throw new IOException("journal " + file + " is locked by another process");
        }
        OPEN_HERE.add(file);
        KnobJournal journal = new KnobJournal(file, runId, records, log, restored);
        Runtime.getRuntime().addShutdownHook(journal.shutdownHook);
        return journal;
    }

    public Path file() {
        return file;
    }

    public String runId() {
        return runId;
    }

    /** What opening this journal restored of runs that had died. */
    public List<RestoreReport> leftBehindReports() {
        return leftBehind;
    }

    /** The entries recorded and not yet restored, oldest first. */
    public synchronized List<Undo> entries() {
        return List.copyOf(entries);
    }

    /** Reads the knob's current value, journals it, then writes {@code value}; returns the old value. */
    public synchronized String write(Path knob, String value) throws IOException {
        return write(knob, value, null);
    }

    /**
     * Like {@link #write(Path, String)} for files whose old value cannot simply be written back: {@code undoWrite}
     * is what the undo writes, and the old value is what it must read back.
     */
    public synchronized String write(Path knob, String value, String undoWrite) throws IOException {
        String old = KnobFiles.read(knob);
        append(new FileWrite(knob.toAbsolutePath().toString(), old, value, undoWrite));
        KnobFiles.write(knob, value);
        return old;
    }

    /** Journals, then creates the directory (it must not exist yet: only what the run made is removed). */
    public synchronized void createDirectory(Path directory) throws IOException {
        if (Files.exists(directory)) {
            throw new IOException(directory + " already exists; a run removes only what it created");
        }
        append(new DirectoryCreated(directory.toAbsolutePath().toString()));
        Files.createDirectory(directory);
    }

    /**
     * Starts a process and journals it, so that no run leaves it behind. A process that cannot be journalled (the
     * journal was closed meanwhile by a shutdown that restored the host) is ended at once.
     */
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        try {
            recordProcess(process.pid());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    /** Journals a process started elsewhere, identified by its pid and start time. */
    public synchronized void recordProcess(long pid) throws IOException {
        long startTicks = ProcFs.startTicks(pid)
                .orElseThrow(() -> new IOException("process " + pid + " is not running"));
        append(new ProcessStarted(pid, startTicks, ProcFs.commandLine(pid)));
    }

    /**
     * Runs {@code apply} on {@code target} after journalling {@code undo}; {@code readBack} (may be empty) is run
     * before, and after the undo, to verify that the host is as it was.
     */
    public synchronized CommandTarget.Result run(String target, List<String> apply, List<String> undo,
                                                 List<String> readBack) throws IOException {
        CommandTarget runner = LocalCommands.forTarget(target);
        try {
            String oldReading = readBack.isEmpty() ? null : runner.run(target, readBack).output();
            append(new CommandUndo(target, undo, readBack, oldReading));
            CommandTarget.Result result = runner.run(target, apply);
            if (result.exitCode() != 0) {
                throw new IOException(String.join(" ", apply) + " failed with exit " + result.exitCode() + ": "
                        + result.output());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", apply), e);
        }
    }

    /** Records an undo (written and fsync'd) before the caller makes the change it describes. */
    public synchronized void append(Undo undo) throws IOException {
        if (closed) {
            throw new IllegalStateException("journal " + file + " is closed");
        }
        byte[] line = (JSON.writeValueAsString(undo) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        records.seek(records.length());
        records.write(line);
        records.getFD().sync();
        entries.add(undo);
    }

    /**
     * Undoes every entry, newest first, and reads each back. When all are verified the journal is emptied and
     * can record the next configuration; otherwise it keeps every entry so that a later restore redoes them all.
     */
    public synchronized RestoreReport restore() throws IOException {
        List<RestoreStep> steps = undoAll(entries);
        RestoreReport report = new RestoreReport(file, runId, false, steps);
        if (report.verified()) {
            entries.clear();
            records.setLength(0);
            records.getFD().sync();
        }
        return report;
    }

    /** Restores, deletes the file when the restore is verified, and releases the lock (a kept file is left behind). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        RestoreReport report = restore();
        if (!report.steps().isEmpty() || !report.verified()) {
            report.print(log);
        }
        finish(report.verified());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is this very call or has already run
        }
    }

    private void finish(boolean delete) throws IOException {
        closed = true;
        try {
            if (delete) {
                Files.deleteIfExists(file);
            }
        } finally {
            // closing releases the lock
            records.close();
            OPEN_HERE.remove(file);
        }
    }

    private void restoreOnShutdown() {
        synchronized (this) {
            if (closed) {
                return;
            }
            log.println("telvirt: shutting down, restoring the host from journal " + file);
            try {
                close();
            } catch (IOException | RuntimeException e) {
                log.println("telvirt: restore on shutdown failed, journal " + file + " kept: " + e.getMessage());
            }
        }
    }

    static List<RestoreStep> undoAll(List<Undo> undos) {
        List<RestoreStep> steps = new ArrayList<>();
        for (int i = undos.size() - 1; i >= 0; i--) {
            steps.add(undos.get(i).undo());
        }
        return steps;
    }
}
