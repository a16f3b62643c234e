package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.ssh.SshTarget;

/**
 * Every command of a run is journaled before the host sees it, and a run stopped between any journal write and its
 * command, or between any command and its read-back, is restored by the run itself, leaving the host exactly as it
 * began. The fake Xen host here is reached without SSH; {@link XenRestoreTest} kills real JVMs and cuts real SSH.
 */
class XenWriteAheadTest {

    @TempDir
    Path directory;

    private Path journalFile;
    private FakeXen xen;
    private Map<String, String> pristine;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fakeHost() throws Exception {
        journalFile = directory.resolve("xen-journal-lab-host.jsonl");
        xen = FakeXen.create(directory, journalFile);
        pristine = xen.snapshot();
    }

    private XenHost host(XenKnobs.Interruption interruption) {
        HostProfile profile = FakeXen.profile(new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false));
        return new XenHost(profile, new SshXenAccess(profile, xen.localShell(), () -> { }), journalFile, progress::add,
                interruption);
    }

    @Test
    void theJournalHoldsEachChangeBeforeTheHostSeesIt() throws Exception {
        XenHost host = host(XenKnobs.Interruption.NONE);
        try (HostRun run = host.provision(FakeXen.TUNED, directory)) {
            assertThat(xen.changes()).containsExactlyElementsOf(FakeXen.TUNED_CHANGES);
            for (int change = 1; change <= FakeXen.TUNED_CHANGES.size(); change++) {
                List<XenStep> onDisk = xen.journalAtChange(change);
                assertThat(onDisk).as("the journal when the host saw change %d", change).hasSize(change);
                assertThat(FakeXen.unquoted(onDisk.get(change - 1).apply()))
                        .isEqualTo(FakeXen.TUNED_CHANGES.get(change - 1));
            }
            assertThat(xen.snapshot()).isNotEqualTo(pristine);
        }

        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
        assertThat(progress).anySatisfy(line -> assertThat(line)
                .contains("8 step(s), all read back as journaled")
                .contains("ok    cpupool-create     telvirt-parked: credit cpupool telvirt-parked on CPUs 2-3"
                        + " -> no cpupool telvirt-parked"));
    }

    static Stream<Arguments> everyPointOfEveryChange() {
        return Stream.of(XenKnobs.Moment.values()).flatMap(moment -> IntStream.range(0, FakeXen.TUNED_CHANGES.size())
                .mapToObj(change -> Arguments.of(moment, change)));
    }

    @ParameterizedTest(name = "{0} of change {1}")
    @MethodSource("everyPointOfEveryChange")
    void aRunStoppedInsideAnyChangeRestoresTheHostAsItBegan(XenKnobs.Moment moment, int stopped) throws Exception {
        AtomicInteger changes = new AtomicInteger();
        XenHost host = host((reached, step) -> {
            int change = reached == XenKnobs.Moment.JOURNALED ? changes.getAndIncrement() : changes.get() - 1;
            if (reached == moment && change == stopped) {
                throw new IllegalStateException("stopped at " + moment + " of " + step.apply());
            }
        });

        assertThatThrownBy(() -> host.provision(FakeXen.TUNED, directory)).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(FakeXen.unquoted(e.getMessage()))
                        .isEqualTo("stopped at " + moment + " of " + FakeXen.TUNED_CHANGES.get(stopped)));

        List<String> seen = xen.changes();
        assertThat(seen.stream().limit(stopped).toList()).as("the changes before")
                .isEqualTo(FakeXen.TUNED_CHANGES.subList(0, stopped));
        if (moment == XenKnobs.Moment.JOURNALED) {
            assertThat(seen).as("journaled, not run").doesNotContain(FakeXen.TUNED_CHANGES.get(stopped));
        } else {
            assertThat(seen).as("run, not read back").contains(FakeXen.TUNED_CHANGES.get(stopped));
        }
        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
    }
}
