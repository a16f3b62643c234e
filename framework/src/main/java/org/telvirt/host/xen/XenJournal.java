package org.telvirt.host.xen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telvirt.HostException;
import org.telvirt.hostkit.journal.Journals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.telvirt.ssh.RemoteShell;

/**
 * The knob changes made on one Xen host, kept in a file (one JSON line per change, forced to disk
 * before the next knob is touched) so that a run that dies leaves the undo commands behind: the
 * next run against the same host restores them first. Undo runs newest first. While it holds
 * changes, a shutdown hook restores them when the JVM is asked to stop (Ctrl-C, SIGTERM).
 */
public final class XenJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final RemoteShell dom0;
    private final List<KnobChange> changes = new ArrayList<>();
    private Thread shutdownHook;

    private XenJournal(Path file, RemoteShell dom0) {
        this.file = file;
        this.dom0 = dom0;
    }

    /** Opens the host's journal, first restoring whatever an earlier run left in it. */
    public static XenJournal open(Path file, RemoteShell dom0, Consumer<String> progress) {
        XenJournal journal = new XenJournal(file, dom0);
        if (Files.isRegularFile(file)) {
            refuseUnlessPrivate(file);
            journal.changes.addAll(read(file));
            if (!journal.changes.isEmpty()) {
                progress.accept("xen: " + file + " holds " + journal.changes.size()
                        + " knob change(s) an earlier run did not restore; restoring them now");
                journal.restoreAll();
            }
        }
        return journal;
    }

    /** Records a change that was just applied. */
    public synchronized KnobChange record(KnobChange change) {
        changes.add(change);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent(), Journals.PRIVATE_DIRECTORY);
            try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), Journals.PRIVATE_FILE)) {
                out.write(java.nio.ByteBuffer.wrap((JSON.writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
        } catch (IOException e) {
            throw new HostException("cannot write the knob journal " + file + " (the change '" + change.applyCommand()
                    + "' is applied; undo it with: " + change.undoCommand() + ")", e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::restoreOnShutdown, "telvirt-xen-journal");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return change;
    }

    public synchronized List<KnobChange> changes() {
        return List.copyOf(changes);
    }

    /**
     * Undoes every recorded change, newest first. An undo that fails does not stop the others; the
     * journal file stays (with what is left) and the failures are thrown together.
     */
    public synchronized void restoreAll() {
        List<String> failures = new ArrayList<>();
        List<KnobChange> left = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            KnobChange change = changes.get(i);
            try {
                dom0.run(change.undoCommand());
            } catch (RuntimeException failed) {
                failures.add(change.knob() + " on " + change.subject() + ": " + failed.getMessage());
                left.add(0, change);
            }
        }
        changes.clear();
        changes.addAll(left);
        if (left.isEmpty() && shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // this restore is the hook itself, or runs while the JVM stops
            }
            shutdownHook = null;
        }
        try {
            if (left.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, lines(left), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            failures.add("cannot update " + file + ": " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new HostException("restoring the Xen host left " + failures.size() + " knob(s) changed:\n  "
                    + String.join("\n  ", failures));
        }
    }

    private synchronized void restoreOnShutdown() {
        if (changes.isEmpty()) {
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

    /** Its undo commands run on Dom0 as its user: a journal someone else could have written is not replayed. */
    private static void refuseUnlessPrivate(Path file) {
        Optional<String> unsafe;
        try {
            unsafe = Journals.notPrivate(file);
        } catch (IOException e) {
            throw new HostException("cannot check the knob journal " + file + ": " + e.getMessage(), e);
        }
        unsafe.ifPresent(reason -> {
            throw new HostException("the knob journal " + file + " is not replayed: " + reason + "; its undo commands"
                    + " would run on Dom0, so only a journal this user alone could have written is trusted (check it,"
                    + " then fix its permissions or remove it)");
        });
    }

    private static List<KnobChange> read(Path file) {
        try {
            List<KnobChange> read = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    read.add(JSON.readValue(line, KnobChange.class));
                }
            }
            return read;
        } catch (IOException e) {
            throw new HostException("cannot read the knob journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static String lines(List<KnobChange> changes) throws JsonProcessingException {
        StringBuilder text = new StringBuilder();
        for (KnobChange change : changes) {
            text.append(JSON.writeValueAsString(change)).append('\n');
        }
        return text.toString();
    }
}
