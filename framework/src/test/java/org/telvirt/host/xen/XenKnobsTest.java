package org.telvirt.host.xen;

import org.telvirt.HostException;
import org.telvirt.knob.Knob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.telvirt.hostkit.journal.RestoreStep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each knob's read, journal step, apply and read-back, on outputs recorded from the lab. */
class XenKnobsTest {

    private static final String LIST = "'xl' 'list' '-c'";
    private static final String POOLS = "'xl' 'cpupool-list'";
    private static final String MEDIA_PARAMS = "'xl' 'sched-credit' '-d' 'media'";

    @TempDir
    Path directory;

    private XenJournal journal(RecordedDom0 dom0) {
        return XenJournal.open(directory.resolve("journal.jsonl"), dom0, "lab-host", line -> { });
    }

    @Test
    void weightAndCapAreJournaledWithTheValueBeforeThenAppliedAndReadBack() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt").on(POOLS, "xl-cpupool-list.txt")
                .on(MEDIA_PARAMS, "xl-sched-credit-d-media.txt", "xl-sched-credit-d-media-after-write.txt",
                        "xl-sched-credit-d-media-after-write.txt", "xl-sched-credit-d-media.txt")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '50'")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");
        XenJournal journal = journal(dom0);

        KnobChange change = new XenKnobs(dom0).setWeightAndCap(journal, "media", 512, 50);

        assertThat(change).isEqualTo(new KnobChange("credit.weight-cap", "media", "weight 256 cap 0", "weight 512 cap 50",
                "'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '50'"));
        assertThat(journal.steps()).containsExactly(new XenStep.WeightCap(XenScheduler.CREDIT, "media", 256, 0, 512, 50));
        assertThat(directory.resolve("journal.jsonl")).content().contains("\"kind\":\"weight-cap\"")
                .contains("\"weightBefore\":256");

        journal.restoreAll();
        assertThat(dom0.executed()).last().isEqualTo(MEDIA_PARAMS);
        assertThat(dom0.executed()).endsWith("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'", MEDIA_PARAMS);
        assertThat(directory.resolve("journal.jsonl")).doesNotExist();
    }

    @Test
    void weightAndCapUseCredit2WhereTheDomainsPoolRunsIt() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c-two-pools.txt").on(POOLS, "xl-cpupool-list-two-pools.txt")
                .on("'xl' 'sched-credit2' '-d' 'cpu1'", "xl-sched-credit2-d-cpu1.txt", "xl-sched-credit2-d-cpu1-after-write.txt",
                        "xl-sched-credit2-d-cpu1-after-write.txt", "xl-sched-credit2-d-cpu1.txt")
                .silent("'xl' 'sched-credit2' '-d' 'cpu1' '-w' '512' '-c' '50'")
                .silent("'xl' 'sched-credit2' '-d' 'cpu1' '-w' '256' '-c' '0'");
        XenJournal journal = journal(dom0);

        KnobChange change = new XenKnobs(dom0).setWeightAndCap(journal, "cpu1", 512, 50);
        journal.restoreAll();

        assertThat(change.knob()).isEqualTo("credit2.weight-cap");
        assertThat(dom0.executed()).containsSubsequence("'xl' 'sched-credit2' '-d' 'cpu1' '-w' '512' '-c' '50'",
                "'xl' 'sched-credit2' '-d' 'cpu1' '-w' '256' '-c' '0'");
    }

    @Test
    void aValueXenDidNotTakeIsRestoredAtOnceAndTheErrorSaysSo() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt").on(POOLS, "xl-cpupool-list.txt")
                .on(MEDIA_PARAMS, "xl-sched-credit-d-media.txt", "xl-sched-credit-d-media-after-write.txt",
                        "xl-sched-credit-d-media-after-write.txt", "xl-sched-credit-d-media.txt")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '1024' '-c' '50'")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");
        XenJournal journal = journal(dom0);

        assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap(journal, "media", 1024, 50))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("Xen did not take credit.weight-cap on media")
                .hasMessageContaining("read back weight 512 cap 50")
                .hasMessageContaining("restored to the journaled weight 256 cap 0 and read back");
        assertThat(dom0.executed()).last().isEqualTo(MEDIA_PARAMS);
        assertThat(dom0.executed()).contains("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");
        assertThat(journal.steps()).isEmpty();
        assertThat(directory.resolve("journal.jsonl")).doesNotExist();
    }

    @Test
    void aValueXenDidNotTakeWhoseRestoreFailsTooStaysJournaledAndTheErrorNamesTheStep() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt").on(POOLS, "xl-cpupool-list.txt")
                .on(MEDIA_PARAMS, "xl-sched-credit-d-media.txt", "xl-sched-credit-d-media-after-write.txt")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '1024' '-c' '50'")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");
        XenJournal journal = journal(dom0);

        assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap(journal, "media", 1024, 50))
                .isInstanceOf(HostException.class)
                .hasMessageStartingWith(HostException.MESSAGE_PREFIX)
                .hasMessageContaining("its restore failed too: FAIL  credit.weight-cap  media: weight 512 cap 50 -> weight 512 cap 50")
                .hasMessageContaining("the step stays in " + directory.resolve("journal.jsonl"));
        assertThat(journal.steps()).hasSize(1);
        assertThat(directory.resolve("journal.jsonl")).content().contains("\"weight\":1024");

        dom0.on(MEDIA_PARAMS, "xl-sched-credit-d-media.txt");
        assertThat(journal.restoreAll().verified()).as("a later restore, once Xen takes the old value").isTrue();
        assertThat(directory.resolve("journal.jsonl")).doesNotExist();
    }

    @Test
    void hostileDomainNameNeverReachesDom0() {
        RecordedDom0 dom0 = new RecordedDom0();

        try (XenJournal journal = journal(dom0)) {
            for (String hostile : List.of("media; rm -rf /", "$(reboot)", "media\nreboot")) {
                assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap(journal, hostile, 512, 50))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Xen domain name");
                assertThatThrownBy(() -> new XenKnobs(dom0).pinVcpus(journal, "media", "0; reboot"))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CPU list");
            }
        }
        assertThat(dom0.executed()).isEmpty();
    }

    @Test
    void capAboveTheDomainsVcpusIsRefused() {
        RecordedDom0 dom0 = new RecordedDom0().on(LIST, "xl-list-c.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap(journal(dom0), "signaling", 256, 150))
                .hasMessageContaining("cap 150 % is outside 0 (none) to 100 %");
    }

    @Test
    void pinningJournalsEveryVcpusOwnHardAffinityAndItsRestorePutsEachBack() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'xl' 'info'", "xl-info.txt")
                .on("'xl' 'vcpu-list' 'media'", "xl-vcpu-list-media.txt", "xl-vcpu-list-media-pinned.txt",
                        "xl-vcpu-list-media-pinned.txt", "xl-vcpu-list-media.txt")
                .silent("'xl' 'vcpu-pin' 'media' 'all' '1'")
                .silent("'xl' 'vcpu-pin' 'media' '0' 'all'").silent("'xl' 'vcpu-pin' 'media' '1' 'all'");
        XenJournal journal = journal(dom0);

        KnobChange change = new XenKnobs(dom0).pinVcpus(journal, "media", "1");
        assertThat(change.before()).isEqualTo("0:all 1:all");
        assertThat(change.after()).isEqualTo("0:1 1:1");

        assertThat(journal.restoreAll().steps()).singleElement().hasToString("ok    vcpu-pin           media: 0:1 1:1 -> 0:all 1:all");
        assertThat(dom0.executed()).containsSubsequence("'xl' 'vcpu-pin' 'media' '0' 'all'", "'xl' 'vcpu-pin' 'media' '1' 'all'");
    }

    @Test
    void cpupoolIsOneJournalStepPerCommandOfItsChainAndItsRestoreGivesEachCpuBack() throws Exception {
        FakeXen xen = FakeXen.create(directory, directory.resolve("journal.jsonl"));
        Map<String, String> pristine = xen.snapshot();
        XenJournal journal = XenJournal.open(directory.resolve("journal.jsonl"), xen.localShell(), "lab-host", line -> { });

        KnobChange change = new XenKnobs(xen.localShell()).createCpupool(journal, "telvirt-c2", XenScheduler.CREDIT2,
                List.of(1, 3));

        assertThat(journal.steps()).containsExactly(new XenStep.CpupoolCpuRemove("Pool-0", 1, 4),
                new XenStep.CpupoolCpuRemove("Pool-0", 3, 4),
                new XenStep.CpupoolCreate("telvirt-c2", XenScheduler.CREDIT2, List.of(1, 3), 4));
        assertThat(change.after()).isEqualTo("{Pool-0=0,2, telvirt-c2=1,3}");
        assertThat(journal.restoreAll().steps()).extracting(Object::toString).containsExactly(
                "ok    cpupool-create     telvirt-c2: credit2 cpupool telvirt-c2 on CPUs 1,3 -> no cpupool telvirt-c2",
                "ok    cpupool-cpu-remove CPU 3: in no cpupool -> in cpupool Pool-0",
                "ok    cpupool-cpu-remove CPU 1: in no cpupool -> in cpupool Pool-0");
        assertThat(xen.snapshot()).isEqualTo(pristine);
    }

    @Test
    void migrationResetsWeightCapAndPinningAndItsRestorePutsThemBack() throws Exception {
        FakeXen xen = FakeXen.create(directory, directory.resolve("journal.jsonl"));
        Map<String, String> pristine = xen.snapshot();
        XenJournal journal = XenJournal.open(directory.resolve("journal.jsonl"), xen.localShell(), "lab-host", line -> { });
        XenKnobs knobs = new XenKnobs(xen.localShell());
        knobs.createCpupool(journal, "telvirt-c2", XenScheduler.CREDIT2, List.of(3));

        KnobChange change = knobs.moveToCpupool(journal, "cpu1", "telvirt-c2");
        knobs.setWeightAndCap(journal, "cpu1", 1024, 50);

        assertThat(change.before()).isEqualTo("cpupool Pool-0, weight 256 cap 30, hard affinity 0:2");
        assertThat(change.after()).isEqualTo("cpupool telvirt-c2, weight 256 cap 0, hard affinity 0:all");
        assertThat(journal.steps()).last().isEqualTo(new XenStep.WeightCap(XenScheduler.CREDIT2, "cpu1", 256, 0, 1024, 50));
        assertThat(journal.restoreAll().steps()).extracting(RestoreStep::kind).containsExactly("credit2.weight-cap",
                "cpupool-migrate", "cpupool-create", "cpupool-cpu-remove");
        assertThat(xen.snapshot()).isEqualTo(pristine);
    }

    @Test
    void timesliceOfACreditPool() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'xl' 'sched-credit' '-s' '-p' 'Pool-0'", "xl-sched-credit-s-pool0.txt", "xl-sched-credit-s-pool0-after-write.txt",
                        "xl-sched-credit-s-pool0-after-write.txt", "xl-sched-credit-s-pool0.txt")
                .silent("'xl' 'sched-credit' '-s' '-p' 'Pool-0' '-t' '10' '-r' '500'")
                .silent("'xl' 'sched-credit' '-s' '-p' 'Pool-0' '-t' '30' '-r' '1000'");
        XenJournal journal = journal(dom0);

        KnobChange change = new XenKnobs(dom0).setTimeslice(journal, "Pool-0", 10, 500);

        assertThat(change.before()).isEqualTo("tslice 30 ms ratelimit 1000 us");
        assertThat(change.after()).isEqualTo("tslice 10 ms ratelimit 500 us");
        assertThat(journal.restoreAll().steps()).singleElement().hasToString(
                "ok    credit.timeslice   Pool-0: tslice 10 ms ratelimit 500 us -> tslice 30 ms ratelimit 1000 us");
    }

    @Test
    void coalescingOnVirtioNetIsReportedUnsupported() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'ethtool' '-c' 'eth0'", "ethtool-c-eth0-virtio.txt")
                .failing("'ethtool' '-C' 'eth0' 'rx-usecs' '40' 'rx-frames' '3'", 1, "ethtool-C-eth0-virtio.out");

        XenJournal journal = journal(dom0);

        assertThatThrownBy(() -> new XenKnobs(dom0).setCoalescing(journal, "eth0", new Knob.Coalesce(40, 3)))
                .isInstanceOfSatisfying(UnsupportedKnobException.class,
                        e -> assertThat(e.knob()).isEqualTo("interrupt coalescing on eth0"))
                .hasMessageContaining("Operation not supported");
        assertThat(journal.restoreAll().steps()).as("refused, so nothing changed: its step restores as in place")
                .singleElement().hasToString("ok    coalescing         eth0: rx-usecs 0 rx-frames 1 -> rx-usecs 0 rx-frames 1"
                        + " (already as journaled, nothing run)");
    }

    @Test
    void coalescingOnAXenVifIsReportedUnsupportedBeforeAnythingIsChanged() {
        RecordedDom0 dom0 = new RecordedDom0().failing("'ethtool' '-c' 'vif1.0'", 1, "ethtool-c-vif1.0-error.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).setCoalescing(journal(dom0), "vif1.0", new Knob.Coalesce(40, 3)))
                .isInstanceOf(UnsupportedKnobException.class).hasMessageContaining("'ethtool -c' says");
        assertThat(new XenKnobs(dom0).coalescingUnsupportedReason("vif1.0")).hasValueSatisfying(
                reason -> assertThat(reason).contains("interrupt coalescing on vif1.0 is not supported"));
        assertThat(dom0.executed()).containsOnly("'ethtool' '-c' 'vif1.0'");
    }

    @Test
    void pciPassthroughWithoutIommuIsReportedUnsupported() {
        RecordedDom0 dom0 = new RecordedDom0().on("'xl' 'info'", "xl-info.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).makePciAssignable(journal(dom0), "0000:00:1f.2"))
                .isInstanceOf(UnsupportedKnobException.class)
                .hasMessageContaining("no IOMMU").hasMessageContaining("no pv_directio");
    }
}
