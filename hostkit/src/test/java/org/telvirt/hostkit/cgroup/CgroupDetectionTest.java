package org.telvirt.hostkit.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.CgroupMounts;

/** Detection from mountinfo text and the knob mapping, without touching the machine. */
class CgroupDetectionTest {
    private static final String THIS_MACHINE = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void separateV1HierarchiesAndTheUnifiedMountAreFound() {
        CgroupMounts mounts = CgroupMounts.parse(THIS_MACHINE);
        assertThat(mounts.hasV1Controllers()).isTrue();
        assertThat(mounts.v1Controllers()).containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct"))
                .doesNotContainKey("name=systemd").doesNotContainKey("rw");
        assertThat(mounts.v2Root()).contains(Path.of("/sys/fs/cgroup/unified"));
    }

    @Test
    void sharedHierarchiesAndEscapedMountPointsAreUnderstood() {
        CgroupMounts mounts = CgroupMounts.parse("""
                25 20 0:22 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
                26 20 0:23 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset,clone_children
                27 20 0:24 / /mnt/my\\040freezer rw - cgroup cgroup rw,freezer
                """);
        assertThat(mounts.v1Controllers()).isEqualTo(Map.of("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                "cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cpuset", Path.of("/sys/fs/cgroup/cpuset"),
                "freezer", Path.of("/mnt/my freezer")));
        assertThat(mounts.v2Root()).isEmpty();
    }

    @Test
    void cgroup2IsUsedOnlyWithCpuAndCpusetOffered(@TempDir Path root) throws IOException {
        String v2Only = "30 1 0:26 / " + root + " rw - cgroup2 cgroup2 rw,nsdelegate\n";
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        assertThat(Cgroups.checkUsable(CgroupMounts.parse(v2Only))).isEqualTo(CgroupVersion.V2);

        Files.writeString(root.resolve("cgroup.controllers"), "hugetlb\n");
        assertThatThrownBy(() -> Cgroups.checkUsable(CgroupMounts.parse(v2Only)))
                .isInstanceOf(HostNotReadyException.class)
                .hasMessageContaining("offers only [hugetlb]").hasMessageContaining("-Dtelvirt.host=native")
                .hasMessageContaining("[cpu, cpuset, freezer, cpuacct]");
        assertThatThrownBy(() -> Cgroups.checkUsable(CgroupMounts.parse("")))
                .isInstanceOf(HostNotReadyException.class).hasMessageContaining("no cgroup2 is mounted");
    }

    @Test
    void aLogicalCoreIsAQuotaOfItsShareOfACpuInAPeriodOfAboutAMillisecondPerCore() {
        assertThat(CpuKnobs.coreQuotaPeriodMicros(0.5)).isEqualTo(2_000);
        assertThat(CpuKnobs.coreQuotaMicros(1, 0.5)).isEqualTo(1_000);
        assertThat(CpuKnobs.coreQuotaMicros(3, 0.5)).isEqualTo(3_000);
        assertThat(CpuKnobs.coreQuotaPeriodMicros(0.4)).isEqualTo(2_500);
        assertThat(CpuKnobs.coreQuotaMicros(2, 0.4)).isEqualTo(2_000);
        assertThatIllegalArgumentException().isThrownBy(() -> CpuKnobs.coreQuotaPeriodMicros(1.0));
        assertThatIllegalArgumentException().isThrownBy(() -> CpuKnobs.coreQuotaMicros(0, 0.5));
    }

    @Test
    void xenWeightsKeepTheirRatioTo256() {
        assertThat(CpuKnobs.v1Shares(256)).isEqualTo(1024);
        assertThat(CpuKnobs.v1Shares(8192)).isEqualTo(32768);
        assertThat(CpuKnobs.v1Shares(65535)).isEqualTo(262140);
        assertThat(CpuKnobs.v2Weight(256)).isEqualTo(100);
        assertThat(CpuKnobs.v2Weight(1)).isEqualTo(1);
        assertThat(CpuKnobs.v2Weight(65535)).isEqualTo(10000);
        assertThat(CpuKnobs.v2WeightLosesRatio(65535)).isTrue();
        assertThat(CpuKnobs.v2WeightLosesRatio(8192)).isFalse();
        assertThatThrownBy(() -> CpuKnobs.v1Shares(0)).hasMessageContaining("weight 0");
        assertThatThrownBy(() -> CpuKnobs.v1Shares(65536)).hasMessageContaining("65535");
    }

    @Test
    void capsArePercentsOfOneCpuAndZeroMeansNone() {
        assertThat(CpuKnobs.v1QuotaMicros(0)).isEqualTo(-1);
        assertThat(CpuKnobs.v1QuotaMicros(30)).isEqualTo(30_000);
        assertThat(CpuKnobs.v1QuotaMicros(200)).isEqualTo(200_000);
        assertThat(CpuKnobs.v2Max(0)).isEqualTo("max 100000");
        assertThat(CpuKnobs.v2Max(50)).isEqualTo("50000 100000");
        assertThatThrownBy(() -> CpuKnobs.v1QuotaMicros(-5)).hasMessageContaining("cap -5");
    }

    @Test
    void cpuListsRoundTrip() {
        assertThat(CpuList.format(Set.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2,5,7-8");
        assertThat(CpuList.format(Set.of())).isEmpty();
        assertThat(CpuList.parse("0-2,5,7-8\n")).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(CpuList.parse("")).isEmpty();
    }
}
