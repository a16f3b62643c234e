package org.telvirt.hostkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests on the real cgroups of this machine run only as root with the v1 controllers mounted. */
public final class RootCgroups {
    private RootCgroups() {
    }

    public static CgroupMounts assumeAvailable() {
        CgroupMounts mounts = CgroupMounts.current();
        assumeTrue(mounts.hasV1Controllers(), "needs the v1 cpu, cpuset, freezer and cpuacct hierarchies");
        assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isWritable(mounts.v1Controllers().get("cpu")), "needs root");
        return mounts;
    }

    /** A cgroup path in the named controller's hierarchy, unique to this test run. */
    public static Path testCgroup(CgroupMounts mounts, String controller, String name) {
        return mounts.v1Controllers().get(controller).resolve("telvirt-test-" + ProcessHandle.current().pid() + "-" + name);
    }
}
