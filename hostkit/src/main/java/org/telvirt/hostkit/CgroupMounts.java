package org.telvirt.hostkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The cgroup file systems mounted on this machine, as /proc/self/mountinfo lists them. */
public record CgroupMounts(Map<String, Path> v1Controllers, Optional<Path> v2Root) {

    /** The v1 controllers a domain needs, each in its own hierarchy or shared (e.g. {@code cpu,cpuacct}). */
    public static final List<String> V1_CONTROLLERS = List.of("cpu", "cpuset", "freezer", "cpuacct");

    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "relatime", "noatime", "nosuid", "nodev",
            "noexec", "clone_children", "nsdelegate", "memory_recursiveprot", "memory_localevents", "favordynmods");

    public CgroupMounts {
        v1Controllers = Map.copyOf(v1Controllers);
    }

    /** The mounts of the running system. */
    public static CgroupMounts current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }

    /** Parses mountinfo lines: {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS}. */
    public static CgroupMounts parse(String mountinfo) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2 = null;
        for (String line : mountinfo.split("\n")) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2") && v2 == null) {
                v2 = mountPoint;
            } else if (right[0].equals("cgroup")) {
                for (String option : right[2].split(",")) {
                    if (!NOT_CONTROLLERS.contains(option) && !option.contains("=")) {
                        v1.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        return new CgroupMounts(v1, Optional.ofNullable(v2));
    }

    /** True when every controller a domain needs has a v1 hierarchy. */
    public boolean hasV1Controllers() {
        return v1Controllers.keySet().containsAll(V1_CONTROLLERS);
    }

    /** The v1 controllers a domain needs that no hierarchy holds. */
    public List<String> missingV1Controllers() {
        List<String> missing = new ArrayList<>();
        for (String controller : V1_CONTROLLERS) {
            if (!v1Controllers.containsKey(controller)) {
                missing.add(controller);
            }
        }
        return missing;
    }

    private static String unescape(String field) {
        // mountinfo escapes space, tab, newline and backslash as octal
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
