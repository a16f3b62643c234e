package org.telvirt.host.xen;

import org.telvirt.knob.Knob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each knob's read, apply, read-back and undo commands, on outputs recorded from the lab. */
class XenKnobsTest {

    private static final String LIST = "'xl' 'list' '-c'";
    private static final String POOLS = "'xl' 'cpupool-list'";

    @Test
    void weightAndCapReadAppliedReadBackAndUndone() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt").on(POOLS, "xl-cpupool-list.txt")
                .on("'xl' 'sched-credit' '-d' 'media'", "xl-sched-credit-d-media.txt", "xl-sched-credit-d-media-after-write.txt")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '50'");

        KnobChange change = new XenKnobs(dom0).setWeightAndCap("media", 512, 50);

        assertThat(change).isEqualTo(new KnobChange("credit.weight-cap", "media", "weight 256 cap 0", "weight 512 cap 50",
                "'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '50'",
                "'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'"));
    }

    @Test
    void weightAndCapUseCredit2WhereTheDomainsPoolRunsIt() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c-two-pools.txt").on(POOLS, "xl-cpupool-list-two-pools.txt")
                .on("'xl' 'sched-credit2' '-d' 'cpu1'", "xl-sched-credit2-d-cpu1.txt", "xl-sched-credit2-d-cpu1-after-write.txt")
                .silent("'xl' 'sched-credit2' '-d' 'cpu1' '-w' '512' '-c' '50'");

        KnobChange change = new XenKnobs(dom0).setWeightAndCap("cpu1", 512, 50);

        assertThat(change.knob()).isEqualTo("credit2.weight-cap");
        assertThat(change.undoCommand()).isEqualTo("'xl' 'sched-credit2' '-d' 'cpu1' '-w' '256' '-c' '0'");
    }

    @Test
    void valueXenDidNotTakeIsUndoneAndReported() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt").on(POOLS, "xl-cpupool-list.txt")
                .on("'xl' 'sched-credit' '-d' 'media'", "xl-sched-credit-d-media.txt")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '512' '-c' '50'")
                .silent("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");

        assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap("media", 512, 50))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Xen did not take weight 512 cap 50 for media: read back weight 256 cap 0");
        assertThat(dom0.executed()).last().isEqualTo("'xl' 'sched-credit' '-d' 'media' '-w' '256' '-c' '0'");
    }

    @Test
    void hostileDomainNameNeverReachesDom0() {
        RecordedDom0 dom0 = new RecordedDom0();

        for (String hostile : List.of("media; rm -rf /", "$(reboot)", "media\nreboot")) {
            assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap(hostile, 512, 50))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Xen domain name");
            assertThatThrownBy(() -> new XenKnobs(dom0).pinVcpus("media", "0; reboot"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CPU list");
        }
        assertThat(dom0.executed()).isEmpty();
    }

    @Test
    void capAboveTheDomainsVcpusIsRefused() {
        RecordedDom0 dom0 = new RecordedDom0().on(LIST, "xl-list-c.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).setWeightAndCap("signaling", 256, 150))
                .hasMessageContaining("cap 150 % is outside 0 (none) to 100 %");
    }

    @Test
    void pinningRestoresEveryVcpusOwnHardAffinity() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'xl' 'info'", "xl-info.txt")
                .on("'xl' 'vcpu-list' 'media'", "xl-vcpu-list-media.txt", "xl-vcpu-list-media-pinned.txt")
                .silent("'xl' 'vcpu-pin' 'media' 'all' '1'");

        KnobChange change = new XenKnobs(dom0).pinVcpus("media", "1");

        assertThat(change.before()).isEqualTo("0:all 1:all");
        assertThat(change.after()).isEqualTo("0:1 1:1");
        assertThat(change.undoCommand())
                .isEqualTo("'xl' 'vcpu-pin' 'media' '0' 'all' && 'xl' 'vcpu-pin' 'media' '1' 'all'");
    }

    @Test
    void cpupoolTakesItsCpusFromTheirPoolAndGivesThemBack() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'xl' 'info'", "xl-info.txt")
                .on("'xl' 'cpupool-list' '-c'", "xl-cpupool-list-c.txt", "xl-cpupool-list-c-two-pools.txt")
                .on(POOLS, "xl-cpupool-list-two-pools.txt")
                .silent("'xl' 'cpupool-cpu-remove' 'Pool-0' '1' && 'xl' 'cpupool-create' 'name=\"telvirt-c2\"' 'sched=\"credit2\"' 'cpus=[\"1\"]'");

        KnobChange change = new XenKnobs(dom0).createCpupool("telvirt-c2", XenScheduler.CREDIT2, List.of(1));

        assertThat(change.undoCommand())
                .isEqualTo("'xl' 'cpupool-destroy' 'telvirt-c2' && 'xl' 'cpupool-cpu-add' 'Pool-0' '1'");
        assertThat(change.after()).isEqualTo("{Pool-0=0, telvirt-c2=1}");
    }

    @Test
    void migrationUndoPutsBackPoolWeightCapAndPinning() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on(LIST, "xl-list-c.txt", "xl-list-c-two-pools.txt")
                .on(POOLS, "xl-cpupool-list.txt")
                .on("'xl' 'sched-credit' '-d' 'cpu1'", "xl-sched-credit-d-cpu1-after-migrate-back.txt")
                .on("'xl' 'vcpu-list' 'cpu1'", "xl-vcpu-list-cpu1-after-migrate-back.txt")
                .silent("'xl' 'cpupool-migrate' 'cpu1' 'telvirt-c2'");

        KnobChange change = new XenKnobs(dom0).moveToCpupool("cpu1", "telvirt-c2");

        assertThat(change.before()).isEqualTo("Pool-0");
        assertThat(change.after()).isEqualTo("telvirt-c2");
        assertThat(change.undoCommand()).isEqualTo("'xl' 'cpupool-migrate' 'cpu1' 'Pool-0'"
                + " && 'xl' 'sched-credit' '-d' 'cpu1' '-w' '256' '-c' '0'"
                + " && 'xl' 'vcpu-pin' 'cpu1' '0' 'all'");
    }

    @Test
    void timesliceOfACreditPool() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'xl' 'sched-credit' '-s' '-p' 'Pool-0'", "xl-sched-credit-s-pool0.txt", "xl-sched-credit-s-pool0-after-write.txt")
                .silent("'xl' 'sched-credit' '-s' '-p' 'Pool-0' '-t' '10' '-r' '500'");

        KnobChange change = new XenKnobs(dom0).setTimeslice("Pool-0", 10, 500);

        assertThat(change.undoCommand()).isEqualTo("'xl' 'sched-credit' '-s' '-p' 'Pool-0' '-t' '30' '-r' '1000'");
    }

    @Test
    void coalescingOnVirtioNetIsReportedUnsupported() {
        RecordedDom0 dom0 = new RecordedDom0()
                .on("'ethtool' '-c' 'eth0'", "ethtool-c-eth0-virtio.txt")
                .failing("'ethtool' '-C' 'eth0' 'rx-usecs' '40' 'rx-frames' '3'", 1, "ethtool-C-eth0-virtio.out");

        assertThatThrownBy(() -> new XenKnobs(dom0).setCoalescing("eth0", new Knob.Coalesce(40, 3)))
                .isInstanceOfSatisfying(UnsupportedKnobException.class,
                        e -> assertThat(e.knob()).isEqualTo("interrupt coalescing on eth0"))
                .hasMessageContaining("Operation not supported");
    }

    @Test
    void coalescingOnAXenVifIsReportedUnsupportedBeforeAnythingIsChanged() {
        RecordedDom0 dom0 = new RecordedDom0().failing("'ethtool' '-c' 'vif1.0'", 1, "ethtool-c-vif1.0-error.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).setCoalescing("vif1.0", new Knob.Coalesce(40, 3)))
                .isInstanceOf(UnsupportedKnobException.class).hasMessageContaining("'ethtool -c' says");
        assertThat(new XenKnobs(dom0).coalescingUnsupportedReason("vif1.0")).hasValueSatisfying(
                reason -> assertThat(reason).contains("interrupt coalescing on vif1.0 is not supported"));
        assertThat(dom0.executed()).containsOnly("'ethtool' '-c' 'vif1.0'");
    }

    @Test
    void pciPassthroughWithoutIommuIsReportedUnsupported() {
        RecordedDom0 dom0 = new RecordedDom0().on("'xl' 'info'", "xl-info.txt");

        assertThatThrownBy(() -> new XenKnobs(dom0).makePciAssignable("0000:00:1f.2"))
                .isInstanceOf(UnsupportedKnobException.class)
                .hasMessageContaining("no IOMMU").hasMessageContaining("no pv_directio");
    }
}
