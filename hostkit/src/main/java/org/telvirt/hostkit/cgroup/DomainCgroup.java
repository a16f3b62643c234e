package org.telvirt.hostkit.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.telvirt.hostkit.Freezer;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.journal.KnobJournal;

/**
 * One domain's cgroup and its knobs, each change journalled. Moving a process in is not a knob: the process is
 * journalled when it is started ({@link KnobJournal#start}) and the cgroup when it is created, and their undo
 * ends the one and empties and removes the other.
 */
public final class DomainCgroup {
    private final String domain;
    private final CgroupPaths paths;
    private final KnobJournal journal;

    DomainCgroup(String domain, CgroupPaths paths, KnobJournal journal) {
        this.domain = domain;
        this.paths = paths;
        this.journal = journal;
    }

    public String domain() {
        return domain;
    }

    public CgroupPaths paths() {
        return paths;
    }

    /** Moves a process with all its threads into the domain, in every hierarchy. */
    public void addProcess(long pid) throws IOException {
        for (Path dir : paths.directories()) {
            KnobFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    /** Sets the Xen weight (1..65535, default 256); returns the value written to the cgroup. */
    public long setWeight(int xenWeight) throws IOException {
        if (paths.version() == CgroupVersion.V1) {
            long shares = CpuKnobs.v1Shares(xenWeight);
            journal.write(paths.cpuDir().resolve("cpu.shares"), Long.toString(shares));
            return shares;
        }
        int weight = CpuKnobs.v2Weight(xenWeight);
        journal.write(paths.cpuDir().resolve("cpu.weight"), Integer.toString(weight));
        return weight;
    }

    /** Caps the domain at {@code capPercent} % of one CPU (0 = no cap, above 100 for several vCPUs). */
    public void setCap(int capPercent) throws IOException {
        if (paths.version() == CgroupVersion.V1) {
            long quota = CpuKnobs.v1QuotaMicros(capPercent);
            journal.write(paths.cpuDir().resolve("cpu.cfs_period_us"), Integer.toString(CpuKnobs.CFS_PERIOD_MICROS));
            journal.write(paths.cpuDir().resolve("cpu.cfs_quota_us"), Long.toString(quota));
        } else {
            journal.write(paths.cpuDir().resolve("cpu.max"), CpuKnobs.v2Max(capPercent));
        }
    }

    /** Pins the domain to these physical CPUs. */
    public void pin(Set<Integer> cpus) throws IOException {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("pinning " + domain + " to no CPU at all");
        }
        journal.write(paths.cpusKnob(), CpuList.format(cpus));
    }

    public void freeze() throws IOException {
        journal.write(paths.freezeKnob(), Freezer.value(paths.freezeKnob(), true));
    }

    public void thaw() throws IOException {
        journal.write(paths.freezeKnob(), Freezer.value(paths.freezeKnob(), false));
    }

    /** True while the domain is frozen or freezing. */
    public boolean isFrozen() throws IOException {
        return !KnobFiles.read(paths.freezeKnob()).equals(Freezer.value(paths.freezeKnob(), false));
    }

    /** The CPU time all the domain's tasks have used, in nanoseconds. */
    public long cpuUsageNanos() throws IOException {
        String content = KnobFiles.read(paths.usageFile());
        if (paths.version() == CgroupVersion.V1) {
            return Long.parseLong(content);
        }
        for (String line : content.split("\n")) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring("usage_usec ".length()).trim()) * 1_000;
            }
        }
        throw new IOException(paths.usageFile() + " has no usage_usec line");
    }
}
