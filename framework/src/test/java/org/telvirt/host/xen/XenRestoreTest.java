package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.HostException;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.ssh.Shell;
import org.telvirt.ssh.SshSession;

/**
 * A Xen host's knobs come back when the SSH connection to Dom0 drops and Dom0 stays away while the
 * run restores (the journal keeps them, and the next run restores them once Dom0 answers again), and
 * when the test JVM is stopped (the journal's shutdown hook). Dom0 here is a real OpenSSH server on
 * loopback and the knob a file it writes, so the commands cross the same SSH layer as {@code xl}'s.
 */
class XenRestoreTest {
    @TempDir
    Path directory;

    private OpenSshServer server;
    private Path knob;
    private String apply;
    private String undo;

    @BeforeEach
    void startDom0() throws Exception {
        assumeTrue(OpenSshServer.available(), "needs OpenSSH's sshd and ssh-keygen (apt-get install openssh-server)");
        server = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")));
        knob = Files.writeString(directory.resolve("knob"), "original\n");
        apply = Shell.command("sh", "-c", "echo tuned > \"$1\"", "sh", knob.toString());
        undo = Shell.command("sh", "-c", "echo original > \"$1\"", "sh", knob.toString());
    }

    @AfterEach
    void stopDom0() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDom0ThatDropsAndStaysAwayIsRestoredByTheNextRunOnceItIsBack() throws Exception {
        Path journalFile = directory.resolve("xen-journal-lab.jsonl");
        List<String> progress = new ArrayList<>();
        try (SshSession dom0 = SshSession.open(server.target(server.knownHosts())
                .withConnectTimeout(Duration.ofSeconds(2), 2))) {
            XenJournal journal = XenJournal.open(journalFile, dom0, progress::add);
            dom0.run(apply);
            journal.record(new KnobChange("test.knob", "dom0", "original", "tuned", apply, undo));
            assertThat(knob).hasContent("tuned");

            server.dropConnections();
            server.suspend();
            assertThatThrownBy(journal::restoreAll).isInstanceOf(HostException.class)
                    .hasMessageContaining("left 1 knob(s) changed").hasMessageContaining("cannot connect");
            assertThat(knob).as("Dom0 was away").hasContent("tuned");
            assertThat(journalFile).as("kept for the next run").exists();

            server.resume();
            XenJournal.open(journalFile, dom0, progress::add);

            assertThat(knob).hasContent("original");
            assertThat(journalFile).doesNotExist();
            assertThat(progress).anyMatch(line -> line.contains("did not restore"));
        }
    }

    @Test
    void sigtermOfTheTestJvmRestoresThroughTheShutdownHook() throws Exception {
        Path journalFile = directory.resolve("xen-journal-lab.jsonl");
        try (ChildJvm child = ChildJvm.start(XenJournalChild.class, List.of(), Integer.toString(server.port()),
                System.getProperty("user.name"), server.clientKey().toString(), server.knownHosts().toString(),
                journalFile.toString(), apply, undo)) {
            child.awaitLine("READY");
            assertThat(knob).hasContent("tuned");

            child.process().toHandle().destroy();
            String output = child.remainingOutput(Duration.ofSeconds(30));

            assertThat(output).contains("restoring the Xen host").contains("the Xen host is restored");
            assertThat(knob).hasContent("original");
            assertThat(journalFile).doesNotExist();
        }
    }
}
