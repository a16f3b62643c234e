package org.telvirt.host.xen;

import org.telvirt.knob.Knob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.telvirt.host.xen.RecordedDom0.recorded;

/** Parsers on outputs recorded from Xen 4.17.5 in the lab. */
class XlOutputTest {

    @Test
    void xlInfoGivesVersionSchedulerAndTopology() {
        XlInfo info = XlInfo.parse(recorded("xl-info.txt"));

        assertThat(info.xenVersion()).isEqualTo("4.17.5");
        assertThat(info.xenScheduler()).isEqualTo("credit");
        assertThat(info.nrCpus()).isEqualTo(2);
        assertThat(info.nrNodes()).isEqualTo(1);
        assertThat(info.coresPerSocket()).isEqualTo(2);
        assertThat(info.threadsPerCore()).isEqualTo(1);
        assertThat(info.virtCaps()).containsExactly("pv", "shadow", "gnttab-v1", "gnttab-v2");
        assertThat(info.xenCommandLine()).endsWith("sched=credit");
        assertThat(info.field("xen_changeset")).isEmpty();
    }

    @Test
    void xlInfoRejectsOtherOutput() {
        assertThatThrownBy(() -> XlInfo.parse(recorded("xl-list.txt"))).hasMessageContaining("xen_version");
    }

    @Test
    void xlListWithAndWithoutCpupools() {
        List<XlDomain> plain = XlDomain.parseList(recorded("xl-list.txt"));
        List<XlDomain> withPools = XlDomain.parseList(recorded("xl-list-c-two-pools.txt"));

        assertThat(plain).extracting(XlDomain::name, XlDomain::id, XlDomain::memoryMib, XlDomain::vcpus, XlDomain::cpupool)
                .containsExactly(tuple("Domain-0", 0, 2048, 2, null), tuple("media", 1, 96, 2, null),
                        tuple("signaling", 2, 96, 1, null), tuple("cpu1", 3, 96, 1, null), tuple("cpu2", 4, 96, 1, null));
        assertThat(plain.get(0).cpuSeconds()).isEqualTo(521.3);
        assertThat(withPools).extracting(XlDomain::name, XlDomain::cpupool).contains(
                tuple("Domain-0", "Pool-0"), tuple("cpu1", "telvirt-c2"), tuple("cpu2", "Pool-0"));
    }

    @Test
    void pausedDomainsAreRecognised() {
        assertThat(XlDomain.parseList(recorded("xl-list-paused.txt")))
                .filteredOn(XlDomain::paused).extracting(XlDomain::name).containsExactly("cpu1", "cpu2");
    }

    @Test
    void vcpuListGivesPlacementAndAffinity() {
        List<XlVcpu> vcpus = XlVcpu.parseList(recorded("xl-vcpu-list.txt"));

        assertThat(vcpus).hasSize(7);
        assertThat(vcpus).filteredOn(v -> v.domain().equals("media"))
                .extracting(XlVcpu::domainId, XlVcpu::vcpu, XlVcpu::cpu, XlVcpu::hardAffinity, XlVcpu::softAffinity)
                .containsExactly(tuple(1, 0, 1, "all", "all"), tuple(1, 1, 0, "all", "all"));
        assertThat(XlVcpu.parseList(recorded("xl-vcpu-list-media-pinned.txt")))
                .extracting(XlVcpu::hardAffinity).containsExactly("1", "1");
        assertThat(XlVcpu.parseList(recorded("xl-vcpu-list-cpu1-pinned-in-credit2-pool.txt")).get(0).state()).isEqualTo("---");
    }

    @Test
    void cpupoolListAndCpuLists() {
        assertThat(XlCpupool.parseList(recorded("xl-cpupool-list-two-pools.txt")))
                .extracting(XlCpupool::name, XlCpupool::cpuCount, XlCpupool::scheduler, XlCpupool::active, XlCpupool::domainCount)
                .containsExactly(tuple("Pool-0", 1, "credit", true, 5), tuple("telvirt-c2", 1, "credit2", true, 0));
        assertThat(XlCpupool.parseCpuLists(recorded("xl-cpupool-list-c.txt"))).containsExactly(
                org.assertj.core.api.Assertions.entry("Pool-0", "0,1"));
        assertThat(XlCpupool.parseCpuLists(recorded("xl-cpupool-list-c-two-pools.txt")))
                .containsEntry("Pool-0", "0").containsEntry("telvirt-c2", "1");
    }

    @Test
    void schedulerParamsOfOneDomainAndOfAll() {
        assertThat(SchedulerParams.parse(recorded("xl-sched-credit-d-media.txt"), "media"))
                .isEqualTo(new SchedulerParams("media", 1, 256, 0));
        assertThat(SchedulerParams.parse(recorded("xl-sched-credit-d-media-after-write.txt"), "media"))
                .isEqualTo(new SchedulerParams("media", 1, 512, 50));
        assertThat(SchedulerParams.parse(recorded("xl-sched-credit2-d-cpu1-after-write.txt"), "cpu1"))
                .isEqualTo(new SchedulerParams("cpu1", 3, 512, 50));
        assertThat(SchedulerParams.parseList(recorded("xl-sched-credit.txt"))).hasSize(5)
                .allSatisfy(p -> assertThat(p.weight()).isEqualTo(256));
        assertThat(SchedulerParams.parseList(recorded("xl-sched-credit2-all.txt"))).extracting(SchedulerParams::domain)
                .containsExactly("cpu1");
    }

    @Test
    void migratingBackToTheCreditPoolResetWeightCapAndAffinity() {
        assertThat(SchedulerParams.parse(recorded("xl-sched-credit-d-cpu1-after-migrate-back.txt"), "cpu1").weight())
                .isEqualTo(SchedulerParams.DEFAULT_WEIGHT);
        assertThat(XlVcpu.parseList(recorded("xl-vcpu-list-cpu1-after-migrate-back.txt")).get(0).hardAffinity())
                .isEqualTo("all");
    }

    @Test
    void poolTimesliceAndRatelimit() {
        assertThat(PoolSchedulerParams.parse(recorded("xl-sched-credit-s-pool0.txt")))
                .isEqualTo(new PoolSchedulerParams("Pool-0", 30, 1000));
        assertThat(PoolSchedulerParams.parse(recorded("xl-sched-credit-s-pool0-after-write.txt")))
                .isEqualTo(new PoolSchedulerParams("Pool-0", 10, 500));
    }

    @Test
    void ethtoolCoalescingOfVirtioNet() {
        assertThat(Knob.Coalesce.parseEthtool(recorded("ethtool-c-eth0-virtio.txt"))).isEqualTo(Knob.Coalesce.PER_PACKET);
    }

    @Test
    void cpuSetsAsXlPrintsThem() {
        assertThat(Xl.cpuSet("all", 2)).isEqualTo(Xl.cpuSet("0-1", 2)).isEqualTo(Xl.cpuSet("0,1", 2));
        assertThat(Xl.cpuSet("1", 2).cardinality()).isEqualTo(1);
    }
}
