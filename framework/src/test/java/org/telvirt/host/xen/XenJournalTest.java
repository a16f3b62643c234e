package org.telvirt.host.xen;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.HostException;
import org.telvirt.hostkit.journal.RestoreReport;
import org.telvirt.hostkit.journal.RestoreStep;
import org.telvirt.ssh.RemoteShell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's file and restore on the fake Xen host, reached without SSH. */
class XenJournalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path file;
    private FakeXen xen;
    private RemoteShell dom0;
    private Map<String, String> pristine;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fakeHost() throws Exception {
        file = directory.resolve("xen-journal-lab-host.jsonl");
        xen = FakeXen.create(directory, file);
        dom0 = xen.localShell();
        pristine = xen.snapshot();
    }

    private XenJournal open() {
        return XenJournal.open(file, dom0, "lab-host", progress::add);
    }

    /** What a run that died leaves: its steps on disk, their commands run, no journal of this JVM holding them. */
    private void leftByARunThatDied(XenStep... steps) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (XenStep step : steps) {
            lines.append(JSON.writeValueAsString(step)).append('\n');
        }
        Files.writeString(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        for (XenStep step : steps) {
            dom0.run(step.apply());
        }
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheJournalAndLetInAfterItCloses() {
        XenJournal first = open();
        new XenKnobs(dom0).pinVcpus(first, "media", "3");

        assertThatThrownBy(this::open).isInstanceOf(HostException.class)
                .hasMessageContaining("another run drives Xen host lab-host (" + file + ".lock is locked)");
        assertThatThrownBy(() -> XenJournal.discard(file, "lab-host", progress::add))
                .hasMessageContaining("another run drives Xen host lab-host");
        assertThat(file).content().hasLineCount(1);

        first.close();
        try (XenJournal next = open()) {
            assertThat(next.steps()).as("restored on open").isEmpty();
        }
        assertThat(xen.snapshot()).isEqualTo(pristine);
    }

    @Test
    void discardEmptiesTheJournalWithoutRunningAnything() throws Exception {
        leftByARunThatDied(new XenStep.CpupoolCpuRemove("Pool-0", 2, 4), new XenStep.CpupoolCpuRemove("Pool-0", 3, 4));
        Map<String, String> changed = xen.snapshot();
        int commandsBefore = xen.changes().size();

        assertThat(XenJournal.discard(file, "lab-host", progress::add)).isEqualTo(2);

        assertThat(file).doesNotExist();
        assertThat(xen.snapshot()).isEqualTo(changed);
        assertThat(xen.changes()).hasSize(commandsBefore);
    }

    @Test
    void restoreRunsNewestFirstReadsEachStepBackAndEmptiesTheJournal() {
        XenJournal journal = open();
        XenKnobs knobs = new XenKnobs(dom0);
        knobs.setWeightAndCap(journal, "media", 8192, 50);
        knobs.pinVcpus(journal, "media", "3");
        assertThat(file).content().hasLineCount(2);
        assertThat(xen.snapshot()).isNotEqualTo(pristine);

        RestoreReport report = journal.restoreAll();

        assertThat(report.steps()).extracting(RestoreStep::toString).containsExactly(
                "ok    vcpu-pin           media: 0:3 1:3 -> 0:0-1 1:all",
                "ok    credit.weight-cap  media: weight 8192 cap 50 -> weight 512 cap 0");
        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(file).doesNotExist();
        assertThat(journal.steps()).isEmpty();
        assertThat(progress).singleElement().asString().contains("2 step(s), all read back as journaled");
    }

    @Test
    void aRunThatDiedIsRestoredByTheNextOpen() throws Exception {
        leftByARunThatDied(new XenStep.CpupoolCpuRemove("Pool-0", 2, 4), new XenStep.CpupoolCpuRemove("Pool-0", 3, 4),
                new XenStep.CpupoolCreate("telvirt-parked", XenScheduler.CREDIT, List.of(2, 3), 4));
        assertThat(xen.snapshot()).isNotEqualTo(pristine);

        open();

        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(file).doesNotExist();
        assertThat(progress).first().asString().contains("holds 3 change(s) an earlier run did not restore");
    }

    @Test
    void aStepWhoseRestoreDoesNotReadBackStaysJournaledWhileTheOthersRunAndTheErrorNamesIt() throws Exception {
        XenJournal journal = open();
        XenKnobs knobs = new XenKnobs(dom0);
        knobs.setWeightAndCap(journal, "Domain-0", 8192, 0);
        knobs.createCpupool(journal, "telvirt-parked", XenScheduler.CREDIT, List.of(3));
        dom0.run(XlCommands.cpupoolMigrate("cpu2", "telvirt-parked"));

        assertThatThrownBy(journal::restoreAll).isInstanceOf(HostException.class)
                .hasMessageStartingWith(HostException.MESSAGE_PREFIX + " restoring Xen host lab-host left 2 of 3")
                .hasMessageContaining("FAIL  cpupool-create     telvirt-parked (remote command failed with exit status 1:"
                        + " 'xl' 'cpupool-destroy' 'telvirt-parked'")
                .hasMessageContaining("cpupool telvirt-parked still has domains")
                .hasMessageContaining("FAIL  cpupool-cpu-remove CPU 3: in cpupool telvirt-parked -> in cpupool telvirt-parked"
                        + " (read back differs from the journaled in cpupool Pool-0)")
                .hasMessageContaining("ok    credit.weight-cap  Domain-0: weight 8192 cap 0 -> weight 256 cap 0")
                .hasMessageContaining("The journal " + file + " keeps them: the next run against host profile lab-host");
        assertThat(journal.steps()).extracting(XenStep::knob).containsExactly("cpupool-cpu-remove", "cpupool-create");

        dom0.run(XlCommands.cpupoolMigrate("cpu2", "Pool-0"));
        dom0.run(XlCommands.writeSchedulerParams(XenScheduler.CREDIT, "cpu2", 128, 0));
        dom0.run(XlCommands.vcpuPin("cpu2", "0", "3"));
        assertThat(journal.restoreAll().verified()).as("restored once the pool is empty").isTrue();

        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(file).doesNotExist();
    }

    @Test
    void aTornLastLineIsAStepThatNeverRanAndIsDropped() throws Exception {
        leftByARunThatDied(new XenStep.WeightCap(XenScheduler.CREDIT, "media", 512, 0, 8192, 50));
        Files.writeString(file, Files.readString(file) + "{\"kind\":\"weight-cap\",\"scheduler\":\"CRE");

        open();

        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("did not finish writing").contains("dropped"));
    }

    @Test
    void aJournalOfTheOldFormatIsNotReplayedAndTheErrorGivesItsUndoCommand() throws Exception {
        Files.writeString(file, "{\"knob\":\"credit.weight-cap\",\"subject\":\"media\",\"undoCommand\":"
                + "\"'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '0'\"}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(this::open).isInstanceOf(HostException.class)
                .hasMessageContaining("line 1 is not a step")
                .hasMessageContaining("restore it by running on Dom0: 'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '0'");
        assertThat(xen.changes()).as("nothing ran on Dom0").isEmpty();
    }

    @Test
    void aJournalOthersCouldHaveWrittenIsNotReplayedOnDom0() throws Exception {
        leftByARunThatDied(new XenStep.WeightCap(XenScheduler.CREDIT, "media", 512, 0, 8192, 50));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        int changes = xen.changes().size();

        assertThatThrownBy(this::open).isInstanceOf(HostException.class)
                .hasMessageContaining("is not replayed").hasMessageContaining("writable by others (rw-rw-r--)");
        assertThat(xen.changes()).hasSize(changes);
    }
}
