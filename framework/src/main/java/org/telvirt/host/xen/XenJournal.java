package org.telvirt.host.xen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.telvirt.HostException;
import org.telvirt.hostkit.journal.HeldLock;
import org.telvirt.hostkit.journal.Journals;
import org.telvirt.hostkit.journal.RestoreReport;
import org.telvirt.hostkit.journal.RestoreStep;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.SshException;

/**
 * The write-ahead journal of one Xen host's changes: each {@link XenStep} is a JSON line, forced to disk before its
 * command runs on Dom0, so a run that dies at any point (between the journal and the command, between the command
 * and its read-back) leaves on disk everything that may have changed. Restoring runs newest first, each entry read,
 * put back if it differs, and read back; an entry leaves the file only when its read-back matched.
 *
 * <p>Whoever opens the journal next (the next run against the same host) restores what an earlier run left, before
 * anything else. While it holds entries, a shutdown hook restores them when the JVM is asked to stop (Ctrl-C,
 * SIGTERM); a SIGKILL leaves them to the next run or to {@code ./telvirt host restore}.
 *
 * <p>An open journal holds a lock beside its file ({@code .lock}) until {@link #close}: one run drives a Xen host at a
 * time, and nobody restores a live run's changes from under it. The OS releases the lock when its JVM dies.
 */
public final class XenJournal implements AutoCloseable {

    /**
     * How often a step is tried when the connection to Dom0 fails under it; each try reconnects as the SSH session
     * does (its {@code connectAttempts}, with back-off), so a restore outlives a dropped connection but not a host
     * that stays away.
     */
    static final int RESTORE_ATTEMPTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final RemoteShell dom0;
    private final String host;
    private final Consumer<String> progress;
    private final List<XenStep> steps = new ArrayList<>();
    private HeldLock lock;
    private Thread shutdownHook;

    private XenJournal(Path file, RemoteShell dom0, String host, Consumer<String> progress) {
        this.file = file;
        this.dom0 = dom0;
        this.host = host;
        this.progress = progress;
    }

    /**
     * Opens the journal of host profile {@code host}, first restoring whatever an earlier run left in it (a restore
     * that is not verified throws, and the file keeps what is left).
     */
    public static XenJournal open(Path file, RemoteShell dom0, String host, Consumer<String> progress) {
        XenJournal journal = new XenJournal(file, dom0, host, progress);
        journal.lock();
        try {
            journal.steps.addAll(journal.readIfPresent());
            if (!journal.steps.isEmpty()) {
                progress.accept("xen: " + file + " holds " + journal.steps.size()
                        + " change(s) an earlier run did not restore; restoring them now");
                journal.restoreAll();
            }
        } catch (RuntimeException failed) {
            journal.close();
            throw failed;
        }
        return journal;
    }

    /**
     * Empties the journal of host profile {@code host} without running anything: for a host whose every change is
     * known gone (a lab whose machine was stopped). Returns how many steps it held; refuses while a run holds it.
     */
    public static int discard(Path file, String host, Consumer<String> progress) {
        XenJournal journal = new XenJournal(file, null, host, progress);
        journal.lock();
        try {
            int held = journal.readIfPresent().size();
            Files.deleteIfExists(file);
            return held;
        } catch (IOException e) {
            throw new HostException("cannot remove the knob journal " + file + ": " + e.getMessage(), e);
        } finally {
            journal.close();
        }
    }

    private void lock() {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent(), Journals.PRIVATE_DIRECTORY);
            lock = HeldLock.tryHold(lockFile).orElseThrow(() -> new HostException("another run drives Xen host " + host
                    + " (" + lockFile + " is locked): one run per Xen host at a time, and its changes are that run's to"
                    + " restore"));
        } catch (IOException e) {
            throw new HostException("cannot lock the knob journal of Xen host " + host + " (" + lockFile + "): "
                    + e.getMessage(), e);
        }
    }

    /** Releases the lock; steps still journaled stay on disk (and with the shutdown hook) for whoever comes next. */
    @Override
    public synchronized void close() {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            progress.accept("xen: releasing the lock of " + file + ": " + e.getMessage());
        }
        lock = null;
    }

    public Path file() {
        return file;
    }

    /** Records a step, on disk, before its command runs: the caller runs it only after this returns. */
    public synchronized void append(XenStep step) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent(), Journals.PRIVATE_DIRECTORY);
            try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), Journals.PRIVATE_FILE)) {
                out.write(ByteBuffer.wrap((JSON.writeValueAsString(step) + "\n").getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
        } catch (IOException e) {
            throw new HostException("cannot write the knob journal " + file + ", so '" + step.apply()
                    + "' was not run on " + host + ": " + e.getMessage(), e);
        }
        steps.add(step);
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::restoreOnShutdown, "telvirt-xen-journal");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** The steps journaled and not yet restored, oldest first. */
    public synchronized List<XenStep> steps() {
        return List.copyOf(steps);
    }

    /**
     * Restores every step, newest first, and reports each with its read-back. Steps whose read-back matched leave the
     * journal; when any is left, it stays on disk and this throws naming each one. When Dom0 cannot be reached even
     * after reconnecting, the steps not yet restored are left untried, for the next run.
     */
    public synchronized RestoreReport restoreAll() {
        List<RestoreStep> report = new ArrayList<>();
        List<XenStep> left = new ArrayList<>();
        SshException unreachable = null;
        for (int i = steps.size() - 1; i >= 0; i--) {
            XenStep step = steps.get(i);
            RestoreStep restored;
            if (unreachable != null) {
                restored = failed(step, "not tried: Dom0 is unreachable");
            } else {
                try {
                    restored = restore(step);
                } catch (SshException lost) {
                    unreachable = lost;
                    restored = failed(step, "Dom0 unreachable after " + RESTORE_ATTEMPTS + " reconnect attempts: "
                            + lost.getMessage());
                }
            }
            report.add(restored);
            if (!restored.verified()) {
                left.add(0, step);
            }
        }
        return finish(new RestoreReport(file, host, false, report), left, unreachable);
    }

    /**
     * Restores the newest step alone (its command was just read back wrong) and reports it; it leaves the journal
     * only when its read-back matched.
     */
    synchronized RestoreStep restoreNewest() {
        XenStep newest = steps.get(steps.size() - 1);
        RestoreStep restored;
        try {
            restored = restore(newest);
        } catch (SshException lost) {
            restored = failed(newest, "Dom0 unreachable after " + RESTORE_ATTEMPTS + " reconnect attempts: "
                    + lost.getMessage());
        }
        if (restored.verified()) {
            steps.remove(steps.size() - 1);
            try {
                rewrite();
            } catch (IOException e) {
                return failed(newest, "restored, but " + file + " could not be rewritten (a later restore redoes"
                        + " it): " + e.getMessage());
            }
        }
        return restored;
    }

    /** One step, tried again on a fresh connection when the connection fails under it: a restore is idempotent. */
    private RestoreStep restore(XenStep step) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.restore(dom0);
            } catch (SshException lost) {
                if (attempt == RESTORE_ATTEMPTS) {
                    throw lost;
                }
                progress.accept("xen: the connection to Dom0 of " + host + " failed while restoring " + step.knob()
                        + " on " + step.subject() + " (" + lost.getMessage() + "); reconnecting, attempt "
                        + (attempt + 1) + " of " + RESTORE_ATTEMPTS);
            } catch (RuntimeException failed) {
                return failed(step, failed.getMessage());
            }
        }
    }

    private RestoreReport finish(RestoreReport report, List<XenStep> left, SshException unreachable) {
        steps.clear();
        steps.addAll(left);
        String rewriteProblem = null;
        try {
            rewrite();
        } catch (IOException e) {
            rewriteProblem = "cannot update " + file + " (it still holds every step; a later restore redoes them): "
                    + e.getMessage();
        }
        if (left.isEmpty() && shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // this restore is the hook itself, or runs while the JVM stops
            }
            shutdownHook = null;
        }
        List<String> lines = report.steps().stream().map(step -> "  " + step).toList();
        if (!report.steps().isEmpty()) {
            progress.accept("xen: restored " + host + ", newest change first: " + report.steps().size() + " step(s), "
                    + (report.verified() ? "all read back as journaled" : report.failures() + " NOT read back as journaled")
                    + "\n" + String.join("\n", lines));
        }
        if (left.isEmpty() && rewriteProblem == null) {
            return report;
        }
        StringBuilder message = new StringBuilder("restoring Xen host " + host + " left " + left.size() + " of "
                + report.steps().size() + " journaled change(s) not verified:\n" + String.join("\n", lines));
        if (rewriteProblem != null) {
            message.append("\n").append(rewriteProblem);
        }
        message.append("\nThe journal ").append(file).append(" keeps them: the next run against host profile ")
                .append(host).append(" (any test with -Dtelvirt.host=").append(host)
                .append(") restores them before it changes anything");
        if (unreachable != null) {
            message.append(", once Dom0 answers again, as does `./telvirt host restore`");
        }
        throw new HostException(message.toString(), unreachable);
    }

    /** Rewrites the file with the steps left (beside it, then renamed over it: a kill meanwhile loses none). */
    private void rewrite() throws IOException {
        if (steps.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder text = new StringBuilder();
        for (XenStep step : steps) {
            text.append(JSON.writeValueAsString(step)).append('\n');
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (FileChannel out = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                Journals.PRIVATE_FILE)) {
            out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static RestoreStep failed(XenStep step, String detail) {
        return new RestoreStep(step.knob(), step.subject(), null, null, false, detail);
    }

    private synchronized void restoreOnShutdown() {
        if (steps.isEmpty()) {
            return;
        }
        System.out.println("telvirt: shutting down, restoring the Xen host from " + file);
        try {
            restoreAll();
            System.out.println("telvirt: the Xen host is restored");
        } catch (RuntimeException failed) {
            System.out.println("telvirt: restore on shutdown failed, journal " + file + " kept for the next run: "
                    + failed.getMessage());
        }
    }

    /** Its steps run on Dom0 as its user: a journal someone else could have written is not replayed. */
    private static void refuseUnlessPrivate(Path file) {
        Optional<String> unsafe;
        try {
            unsafe = Journals.notPrivate(file);
        } catch (IOException e) {
            throw new HostException("cannot check the knob journal " + file + ": " + e.getMessage(), e);
        }
        unsafe.ifPresent(reason -> {
            throw new HostException("the knob journal " + file + " is not replayed: " + reason + "; its steps"
                    + " would run on Dom0, so only a journal this user alone could have written is trusted (check it,"
                    + " then fix its permissions or remove it)");
        });
    }

    /**
     * The steps on disk, oldest first. A torn last line is a step whose write the run did not live to finish, so its
     * command never ran: it is dropped. Any other line that is not a step stops the restore, with its undo command
     * when it is an entry of the journal before it was write-ahead.
     */
    private List<XenStep> readIfPresent() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        refuseUnlessPrivate(file);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HostException("cannot read the knob journal " + file + ": " + e.getMessage(), e);
        }
        List<XenStep> read = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                read.add(JSON.readValue(lines[i], XenStep.class));
            } catch (JsonProcessingException e) {
                if (i == lines.length - 1 && !content.endsWith("\n")) {
                    progress.accept("xen: " + file + " ends in a step the run did not finish writing (so did not run):"
                            + " dropped");
                    continue;
                }
                throw new HostException("the knob journal " + file + " line " + (i + 1) + " is not a step: "
                        + e.getOriginalMessage() + oldFormatHint(lines[i]) + "; nothing of it was restored", e);
            }
        }
        return read;
    }

    private static String oldFormatHint(String line) {
        try {
            JsonNode undo = JSON.readTree(line).get("undoCommand");
            return undo == null ? "" : " (an entry of an older telvirt: restore it by running on Dom0: " + undo.asText()
                    + ", then remove the file)";
        } catch (JsonProcessingException notJson) {
            return "";
        }
    }
}
