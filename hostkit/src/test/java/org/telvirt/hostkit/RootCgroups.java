package org.telvirt.hostkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.telvirt.hostkit.cgroup.CgroupVersion;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.HostNotReadyException;

/**
 * Tests on the real cgroups of this machine run only as root, on the cgroups a run would use: the v1 cpu, cpuset,
 * freezer and cpuacct hierarchies, or else a cgroup2 hierarchy offering cpu and cpuset (a stock Debian 12 host).
 */
public final class RootCgroups {
    private RootCgroups() {
    }

    public static CgroupMounts assumeAvailable() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        CgroupMounts mounts = CgroupMounts.current();
        try {
            Cgroups.checkUsable(mounts);
        } catch (HostNotReadyException e) {
            assumeTrue(false, "needs the v1 cpu, cpuset, freezer and cpuacct hierarchies or cgroup2 with cpu and "
                    + "cpuset: " + e.getMessage());
        }
        return mounts;
    }

    /** The version a run on these mounts uses (v1 wherever its controllers are mounted). */
    public static CgroupVersion version(CgroupMounts mounts) {
        try {
            return Cgroups.checkUsable(mounts);
        } catch (HostNotReadyException e) {
            throw new IllegalStateException("call assumeAvailable() first", e);
        }
    }

    /** A cgroup path in the hierarchy holding cpu (v1) or in the cgroup2 root, unique to this test run. */
    public static Path testCgroup(CgroupMounts mounts, String name) {
        Path hierarchy = version(mounts) == CgroupVersion.V1 ? mounts.v1Controllers().get("cpu")
                : mounts.v2Root().orElseThrow();
        return hierarchy.resolve("telvirt-test-" + ProcessHandle.current().pid() + "-" + name);
    }
}
