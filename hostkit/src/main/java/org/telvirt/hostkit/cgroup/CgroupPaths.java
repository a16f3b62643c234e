package org.telvirt.hostkit.cgroup;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.telvirt.hostkit.Freezer;

/**
 * Where one domain's cgroup lives: a directory per controller in v1, the same directory four times in v2.
 * Plain strings so that it reads well in the credit scheduler's JSON config.
 */
public record CgroupPaths(CgroupVersion version, String cpu, String cpuset, String freezer, String cpuacct) {

    public Path cpuDir() {
        return Path.of(cpu);
    }

    public Path cpusetDir() {
        return Path.of(cpuset);
    }

    public Path freezerDir() {
        return Path.of(freezer);
    }

    public Path cpuacctDir() {
        return Path.of(cpuacct);
    }

    /** Every distinct directory (a process joins the domain by joining each). */
    public Set<Path> directories() {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(cpuDir());
        dirs.add(cpusetDir());
        dirs.add(freezerDir());
        dirs.add(cpuacctDir());
        return dirs;
    }

    /** The file that freezes the domain. */
    public Path freezeKnob() {
        return freezerDir().resolve(version == CgroupVersion.V1 ? Freezer.V1_STATE : Freezer.V2_FREEZE);
    }

    /** The file whose content is the domain's CPU time (v1 nanoseconds; v2 {@code usage_usec} inside cpu.stat). */
    public Path usageFile() {
        return version == CgroupVersion.V1 ? cpuacctDir().resolve("cpuacct.usage") : cpuacctDir().resolve("cpu.stat");
    }

    /** The file holding the domain's CFS quota: v1 {@code cpu.cfs_quota_us}, v2 {@code cpu.max} (quota and period). */
    public Path quotaKnob() {
        return cpuDir().resolve(version == CgroupVersion.V1 ? "cpu.cfs_quota_us" : "cpu.max");
    }

    /** v1's separate CFS period file (v2 writes the period with the quota). */
    public Path v1PeriodKnob() {
        return cpuDir().resolve("cpu.cfs_period_us");
    }

    /** The line that sets a quota ({@code -1}: none) per period in {@link #quotaKnob()}. */
    public String quotaLine(long quotaMicros, long periodMicros) {
        return (version == CgroupVersion.V1 ? Long.toString(quotaMicros) : CpuKnobs.v2Max(quotaMicros, periodMicros))
                + "\n";
    }

    /** The file listing the CPUs the domain may run on. */
    public Path cpusKnob() {
        return cpusetDir().resolve("cpuset.cpus");
    }
}
