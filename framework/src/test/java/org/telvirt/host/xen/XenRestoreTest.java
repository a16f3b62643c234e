package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.ssh.ConnectionLostException;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshTarget;

/**
 * A Xen host comes back as it began when the SSH connection to Dom0 is cut mid-run (reconnect, then restore), when
 * Dom0 stays away (the journal stays, the next run restores it), and when the run's JVM is killed inside a change or
 * stopped. Dom0 is a real OpenSSH server on loopback whose sessions find the fake {@code xl} first ({@link FakeXen}),
 * so every command crosses the same SSH layer as on a real host.
 */
class XenRestoreTest {
    @TempDir
    Path directory;

    private OpenSshServer server;
    private FakeXen xen;
    private Path journalFile;
    private Map<String, String> pristine;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void startDom0() throws Exception {
        assumeTrue(OpenSshServer.available(), "needs OpenSSH's sshd and ssh-keygen (apt-get install openssh-server)");
        journalFile = directory.resolve("xen-journal-lab-host.jsonl");
        xen = FakeXen.create(directory, journalFile);
        server = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), xen.sshdConfig());
        pristine = xen.snapshot();
    }

    @AfterEach
    void stopDom0() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private SshSession connect() throws Exception {
        return SshSession.open(server.target(server.knownHosts()).withConnectTimeout(Duration.ofSeconds(1), 2));
    }

    private XenHost host(SshSession dom0) {
        HostProfile profile = FakeXen.profile(new SshTarget("127.0.0.1", server.port(), "root", "/k", "/kh", false));
        return new XenHost(profile, new SshXenAccess(profile, dom0, dom0), journalFile, progress::add);
    }

    @Test
    void anSshCutMidRunIsAnsweredByReconnectingAndRestoringEverything() throws Exception {
        try (SshSession dom0 = connect()) {
            HostRun run = host(dom0).provision(FakeXen.TUNED, directory);
            assertThat(xen.changes()).containsExactlyElementsOf(FakeXen.TUNED_CHANGES);

            assertThat(server.dropConnections()).as("sessions cut").isPositive();
            run.close();

            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
            assertThat(progress).anySatisfy(line -> assertThat(line).contains("8 step(s), all read back as journaled"));
        }
    }

    @Test
    void aChangeWhoseAnswerTheCutLosesIsRestoredAfterReconnecting() throws Exception {
        xen.hangAfter("cpupool-create");
        try (SshSession dom0 = connect()) {
            XenHost host = host(dom0);
            CompletableFuture<HostRun> provisioned = CompletableFuture.supplyAsync(
                    () -> host.provision(FakeXen.TUNED, directory));
            xen.awaitHanging(Duration.ofSeconds(20));
            assertThat(xen.snapshot().get("pool/telvirt-parked")).as("made, not yet answered").isNotNull();

            server.dropConnections();
            xen.answer();

            assertThatThrownBy(() -> provisioned.get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ConnectionLostException.class).hasMessageContaining("cpupool-create")
                    .hasMessageContaining("may or may not have run");
            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
        }
    }

    @Test
    void anXlCreateWhoseAnswerTheCutLosesLeavesNoDomainAfterReconnecting() throws Exception {
        Path configs = directory.resolve("dom0-configs");
        xen.hangAfter("create");
        try (SshSession dom0 = connect(); UdpEcho media = UdpEcho.answering()) {
            HostProfile profile = FakeXen.imageProfile(new SshTarget("127.0.0.1", server.port(), "root", "/k", "/kh", false),
                    configs, media.port());
            XenHost host = new XenHost(profile, new SshXenAccess(profile, dom0, dom0), journalFile, progress::add,
                    FakeXen.imageDomains(profile), XenKnobs.Interruption.NONE);
            CompletableFuture<HostRun> provisioned = CompletableFuture.supplyAsync(
                    () -> host.provision(FakeXen.IMAGE_RUN, directory));
            xen.awaitHanging(Duration.ofSeconds(20));
            assertThat(xen.snapshot()).as("made, not yet answered").containsKey("domain/media-img");

            server.dropConnections();
            xen.answer();

            assertThatThrownBy(() -> provisioned.get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ConnectionLostException.class).hasMessageContaining("create")
                    .hasMessageContaining("may or may not have run");
            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
        }
    }

    @Test
    void aCutDuringTheRestoreIsAnsweredByReconnectingAndRestoringThatStepAgain() throws Exception {
        try (SshSession dom0 = connect()) {
            HostRun run = host(dom0).provision(FakeXen.TUNED, directory);
            xen.hangAfter("cpupool-destroy");
            CompletableFuture<Void> restored = CompletableFuture.runAsync(run::close);
            xen.awaitHanging(Duration.ofSeconds(20));

            server.dropConnections();
            xen.answer();
            restored.get(60, TimeUnit.SECONDS);

            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
            assertThat(progress).anySatisfy(line -> assertThat(line).contains("failed while restoring cpupool-create on"
                    + " telvirt-parked").contains("reconnecting, attempt 2 of " + XenJournal.RESTORE_ATTEMPTS));
            assertThat(progress).anySatisfy(line -> assertThat(line).contains("8 step(s), all read back as journaled")
                    .contains("ok    cpupool-create     telvirt-parked: no cpupool telvirt-parked -> no cpupool"
                            + " telvirt-parked (already as journaled, nothing run)"));
        }
    }

    @Test
    void aDom0ThatStaysAwayKeepsTheJournalAndTheNextRunRestoresItBeforeChangingAnything() throws Exception {
        try (SshSession dom0 = connect()) {
            XenHost host = host(dom0);
            HostRun run = host.provision(FakeXen.TUNED, directory);
            Map<String, String> tuned = xen.snapshot();

            server.dropConnections();
            server.suspend();
            assertThatThrownBy(run::close).isInstanceOf(HostException.class)
                    .hasMessageContaining("left 8 of 8 journaled change(s) not verified")
                    .hasMessageContaining("Dom0 unreachable after " + XenJournal.RESTORE_ATTEMPTS + " reconnect attempts")
                    .hasMessageContaining("The journal " + journalFile + " keeps them")
                    .hasMessageContaining("-Dtelvirt.host=lab-host")
                    .hasMessageContaining("once Dom0 answers again");
            assertThat(xen.snapshot()).as("Dom0 was away").isEqualTo(tuned);
            assertThat(journalFile).content().hasLineCount(8);

            server.resume();
            int changesBefore = xen.changes().size();
            try (HostRun next = host.provision(FakeXen.TUNED, directory)) {
                List<String> nextRun = xen.changes().subList(changesBefore, xen.changes().size());
                assertThat(nextRun).as("the run's own changes, last").endsWith(FakeXen.TUNED_CHANGES.toArray(String[]::new));
                assertThat(nextRun.subList(0, nextRun.size() - FakeXen.TUNED_CHANGES.size())).as("the restore, first")
                        .contains("xl cpupool-destroy telvirt-parked", "ethtool -C eth0 rx-usecs 0 rx-frames 1");
                assertThat(progress).anySatisfy(line -> assertThat(line).contains("8 step(s), all read back as journaled"));
                assertThat(journalFile).as("the next run's own steps only").content().hasLineCount(8);
            }

            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
        }
    }

    @ParameterizedTest(name = "killed at {0} of change {1}")
    @CsvSource({"JOURNALED, 2", "APPLIED, 2", "JOURNALED, 4", "APPLIED, 4"})
    void aKillInsideAChangeIsRestoredByTheNextRun(XenKnobs.Moment moment, int change) throws Exception {
        try (ChildJvm child = ChildJvm.start(XenRunChild.class, List.of(), Integer.toString(server.port()),
                System.getProperty("user.name"), server.clientKey().toString(), server.knownHosts().toString(),
                journalFile.toString(), moment.name(), Integer.toString(change))) {
            String killed = child.awaitLine("KILLED");
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isEqualTo(137);
            assertThat(FakeXen.unquoted(killed)).isEqualTo("KILLED " + moment + " " + FakeXen.TUNED_CHANGES.get(change));
        }
        assertThat(journalFile).content().hasLineCount(change + 1);
        assertThat(xen.changes()).as("what the host saw before the kill")
                .isEqualTo(FakeXen.TUNED_CHANGES.subList(0, moment == XenKnobs.Moment.APPLIED ? change + 1 : change));

        try (SshSession dom0 = connect()) {
            host(dom0);
        }

        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
        assertThat(progress).first().asString().contains("holds " + (change + 1) + " change(s) an earlier run did not restore");
    }

    @ParameterizedTest(name = "killed at {0} of xl create {1}")
    @CsvSource({"JOURNALED, 0", "APPLIED, 0", "JOURNALED, 1", "APPLIED, 1"})
    void aKillInsideAnXlCreateLeavesNoDomainAfterTheNextRunRestores(XenKnobs.Moment moment, int change) throws Exception {
        Path configs = directory.resolve("dom0-configs");
        List<String> creates = FakeXen.imageRunChanges(configs);
        try (ChildJvm child = ChildJvm.start(XenRunChild.class, List.of("-D" + XenRunChild.IMAGE_CONFIGS + "=" + configs),
                Integer.toString(server.port()), System.getProperty("user.name"), server.clientKey().toString(),
                server.knownHosts().toString(), journalFile.toString(), moment.name(), Integer.toString(change))) {
            String killed = child.awaitLine("KILLED");
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isEqualTo(137);
            assertThat(FakeXen.unquoted(killed)).isEqualTo("KILLED " + moment + " " + creates.get(change));
        }
        assertThat(journalFile).content().hasLineCount(change + 1);
        assertThat(xen.changes()).as("what the host saw before the kill")
                .isEqualTo(creates.subList(0, moment == XenKnobs.Moment.APPLIED ? change + 1 : change));
        if (moment == XenKnobs.Moment.APPLIED) {
            assertThat(xen.snapshot()).as("the domain the kill left").containsKey("domain/" + (change == 0 ? "media-img"
                    : "cpu1-img"));
        }

        try (SshSession dom0 = connect()) {
            host(dom0);
        }

        assertThat(xen.snapshot()).as("no domain left behind").isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
        assertThat(progress).first().asString().contains("holds " + (change + 1) + " change(s) an earlier run did not restore");
    }

    @ParameterizedTest(name = "killed at {0} of xl create {1}")
    @CsvSource({"JOURNALED, 1", "APPLIED, 1"})
    void hostRestoreUndoesWhatAKilledRunLeftWithoutRunningATest(XenKnobs.Moment moment, int change) throws Exception {
        Path configs = directory.resolve("dom0-configs");
        try (ChildJvm child = ChildJvm.start(XenRunChild.class, List.of("-D" + XenRunChild.IMAGE_CONFIGS + "=" + configs),
                Integer.toString(server.port()), System.getProperty("user.name"), server.clientKey().toString(),
                server.knownHosts().toString(), journalFile.toString(), moment.name(), Integer.toString(change))) {
            child.awaitLine("KILLED");
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(xen.snapshot()).isNotEqualTo(pristine);
        List<String> printed = new ArrayList<>();

        assertThat(leftBehind().restore(printed::add)).isTrue();

        assertThat(xen.snapshot()).as("no domain left behind").isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
        assertThat(printed).anySatisfy(line -> assertThat(line).contains("holds " + (change + 1) + " change(s)"))
                .last().asString().contains("lab-host: every journaled change read back as recorded");
    }

    @Test
    void hostRestoreLeavesALiveRunsChangesAlone() throws Exception {
        try (SshSession dom0 = connect(); XenHost host = host(dom0); HostRun run = host.provision(FakeXen.TUNED, directory)) {
            Map<String, String> tuned = xen.snapshot();
            List<String> printed = new ArrayList<>();

            assertThat(leftBehind().restore(printed::add)).isFalse();

            assertThat(xen.snapshot()).isEqualTo(tuned);
            assertThat(journalFile).content().hasLineCount(8);
            assertThat(printed).singleElement().asString().contains("NOT restored: " + journalFile)
                    .contains("another run drives Xen host lab-host");
        }
        assertThat(xen.snapshot()).isEqualTo(pristine);
    }

    /** {@code ./telvirt host restore} over this test's Dom0, with the journals of this test's directory. */
    private XenLeftBehind leftBehind() {
        HostProfile profile = FakeXen.profile(new SshTarget("127.0.0.1", server.port(), "root", "/k", "/kh", false));
        return new XenLeftBehind(directory, name -> {
            assertThat(name).isEqualTo(profile.name());
            return profile;
        }, named -> {
            try {
                SshSession session = connect();
                return new SshXenAccess(named, session, session);
            } catch (Exception unreachable) {
                throw new IllegalStateException(unreachable);
            }
        });
    }

    @Test
    void sigtermOfTheRunsJvmRestoresThroughTheShutdownHook() throws Exception {
        try (ChildJvm child = ChildJvm.start(XenRunChild.class, List.of(), Integer.toString(server.port()),
                System.getProperty("user.name"), server.clientKey().toString(), server.knownHosts().toString(),
                journalFile.toString())) {
            child.awaitLine("READY");
            assertThat(xen.snapshot()).isNotEqualTo(pristine);

            child.process().toHandle().destroy();
            String output = child.remainingOutput(Duration.ofSeconds(30));

            assertThat(output).contains("restoring the Xen host").contains("the Xen host is restored");
            assertThat(xen.snapshot()).isEqualTo(pristine);
            assertThat(journalFile).doesNotExist();
        }
    }
}
