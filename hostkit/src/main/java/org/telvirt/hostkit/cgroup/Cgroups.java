package org.telvirt.hostkit.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.regex.Pattern;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.journal.KnobJournal;

/**
 * The cgroups of this machine, detected at run time (v1 hierarchies for cpu, cpuset, freezer and cpuacct, or a
 * cgroup2 hierarchy with cpu and cpuset), and the creation of a run's domains {@code telvirt-<runId>/<domain>}.
 * Every directory and knob goes through the journal.
 */
public final class Cgroups {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final List<String> V2_CONTROLLERS = List.of("cpu", "cpuset");

    private final CgroupVersion version;
    private final CgroupMounts mounts;
    private final KnobJournal journal;
    private final Set<Path> createdRunDirs = new LinkedHashSet<>();

    private Cgroups(CgroupVersion version, CgroupMounts mounts, KnobJournal journal) {
        this.version = version;
        this.mounts = mounts;
        this.journal = journal;
    }

    /** Detects this machine's cgroups; see {@link #detect(CgroupMounts, KnobJournal)}. */
    public static Cgroups detect(KnobJournal journal) throws HostNotReadyException {
        return detect(CgroupMounts.current(), journal);
    }

    /**
     * Chooses v1 when every needed controller has a v1 hierarchy, else v2 when cgroup2 offers cpu and cpuset;
     * fails with a message naming what is missing or not writable.
     */
    public static Cgroups detect(CgroupMounts mounts, KnobJournal journal) throws HostNotReadyException {
        return new Cgroups(checkUsable(mounts), mounts, journal);
    }

    /** The version a run would use, or why none is usable; touches nothing. */
    public static CgroupVersion checkUsable(CgroupMounts mounts) throws HostNotReadyException {
        if (mounts.hasV1Controllers()) {
            for (String controller : CgroupMounts.V1_CONTROLLERS) {
                requireWritable(mounts.v1Controllers().get(controller));
            }
            return CgroupVersion.V1;
        }
        if (mounts.v2Root().isPresent()) {
            Path root = mounts.v2Root().get();
            String offered = readOrEmpty(root.resolve("cgroup.controllers"));
            if (List.of(offered.split(" ")).containsAll(V2_CONTROLLERS)) {
                requireWritable(root);
                return CgroupVersion.V2;
            }
            throw new HostNotReadyException("no usable cgroups: v1 lacks " + mounts.missingV1Controllers()
                    + " and cgroup2 at " + root + " offers only [" + offered + "], not cpu and cpuset; "
                    + "use -Dtelvirt.host=native");
        }
        throw new HostNotReadyException("no usable cgroups: v1 lacks " + mounts.missingV1Controllers()
                + " and no cgroup2 is mounted; use -Dtelvirt.host=native");
    }

    public CgroupVersion version() {
        return version;
    }

    /** The CPUs this machine offers to cgroups (the root cpuset). */
    public SortedSet<Integer> onlineCpus() throws IOException {
        return onlineCpus(mounts, version);
    }

    /** The CPUs the root cpuset of the given version offers; reads one file, changes nothing. */
    public static SortedSet<Integer> onlineCpus(CgroupMounts mounts, CgroupVersion version) throws IOException {
        Path root = version == CgroupVersion.V1 ? mounts.v1Controllers().get("cpuset") : mounts.v2Root().orElseThrow();
        String file = version == CgroupVersion.V1 ? "cpuset.cpus" : "cpuset.cpus.effective";
        return CpuList.parse(KnobFiles.read(root.resolve(file)));
    }

    /** Creates {@code telvirt-<runId>/<domain>} in each hierarchy (the run's directory once), ready to take tasks. */
    public DomainCgroup createDomain(String runId, String domain) throws IOException {
        for (String name : List.of(runId, domain)) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("cgroup name '" + name + "' must match " + NAME.pattern());
            }
        }
        String runDirName = "telvirt-" + runId;
        try {
            return version == CgroupVersion.V1 ? createV1(runDirName, domain) : createV2(runDirName, domain);
        } catch (AccessDeniedException e) {
            throw new HostNotReadyException("cgroup " + e.getFile() + " not writable: " + HostNotReadyException.NATIVE_HINT);
        }
    }

    private DomainCgroup createV1(String runDirName, String domain) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Set<Path> hierarchies = new LinkedHashSet<>();
        for (String controller : CgroupMounts.V1_CONTROLLERS) {
            Path mount = mounts.v1Controllers().get(controller);
            Path domainDir = mount.resolve(runDirName).resolve(domain);
            dirs.put(controller, domainDir);
            if (hierarchies.add(mount)) {
                boolean cpuset = mount.equals(mounts.v1Controllers().get("cpuset"));
                createOnce(mount.resolve(runDirName), cpuset);
                journal.createDirectory(domainDir);
                if (cpuset) {
                    inheritCpuset(domainDir);
                    // this cpuset's CPUs change often; without load balancing of its own a change does not rebuild
                    // the kernel's scheduling domains (the root cpuset still balances every CPU)
                    journal.write(domainDir.resolve("cpuset.sched_load_balance"), "0");
                }
            }
        }
        return new DomainCgroup(domain, new CgroupPaths(CgroupVersion.V1, dirs.get("cpu").toString(),
                dirs.get("cpuset").toString(), dirs.get("freezer").toString(), dirs.get("cpuacct").toString()), journal);
    }

    private DomainCgroup createV2(String runDirName, String domain) throws IOException {
        Path root = mounts.v2Root().orElseThrow();
        Path runDir = root.resolve(runDirName);
        if (!createdRunDirs.contains(runDir)) {
            enableControllers(root);
            journal.createDirectory(runDir);
            enableControllers(runDir);
            createdRunDirs.add(runDir);
        }
        Path domainDir = runDir.resolve(domain);
        journal.createDirectory(domainDir);
        String dir = domainDir.toString();
        return new DomainCgroup(domain, new CgroupPaths(CgroupVersion.V2, dir, dir, dir, dir), journal);
    }

    private void createOnce(Path runDir, boolean cpuset) throws IOException {
        if (createdRunDirs.add(runDir)) {
            journal.createDirectory(runDir);
            if (cpuset) {
                inheritCpuset(runDir);
            }
        }
    }

    /** A new v1 cpuset has no CPUs and no memory nodes: no task can join until both are copied from the parent. */
    private void inheritCpuset(Path dir) throws IOException {
        for (String knob : List.of("cpuset.mems", "cpuset.cpus")) {
            journal.write(dir.resolve(knob), KnobFiles.read(dir.getParent().resolve(knob)));
        }
    }

    private void enableControllers(Path dir) throws IOException {
        Path knob = dir.resolve("cgroup.subtree_control");
        List<String> enabled = List.of(KnobFiles.read(knob).split(" "));
        List<String> missing = new ArrayList<>();
        for (String controller : V2_CONTROLLERS) {
            if (!enabled.contains(controller)) {
                missing.add(controller);
            }
        }
        if (!missing.isEmpty()) {
            String enable = String.join(" ", missing.stream().map(c -> "+" + c).toList());
            String disable = String.join(" ", missing.stream().map(c -> "-" + c).toList());
            journal.write(knob, enable, disable);
        }
    }

    private static void requireWritable(Path hierarchy) throws HostNotReadyException {
        if (!Files.isWritable(hierarchy)) {
            throw new HostNotReadyException("cgroup " + hierarchy + " not writable: " + HostNotReadyException.NATIVE_HINT);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return KnobFiles.read(file);
        } catch (IOException e) {
            return "";
        }
    }
}
