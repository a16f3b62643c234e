package org.telvirt.host.emulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.telvirt.hostkit.cgroup.CpuList;

/**
 * Whether the profile's L2 groups land on CPUs of this machine with different L2 caches once the logical cores are
 * folded onto them, as Linux reports the caches ({@code cpuN/cache/index2/shared_cpu_list}): only then can Figure 9's
 * configurations that share an L2 differ from those that do not.
 */
final class L2Caches {
    static final Path SYSFS_CPUS = Path.of("/sys/devices/system/cpu");

    private L2Caches() {
    }

    /** Why the first two L2 groups do not sit on different L2 caches, or empty when they do. */
    static Optional<String> sharedReason(List<List<Integer>> l2Groups, CoreFolding folding, Path sysfsCpus) {
        if (l2Groups == null || l2Groups.size() < 2) {
            return Optional.of("the profile has " + (l2Groups == null ? "no" : l2Groups.size()) + " L2 group"
                    + (l2Groups != null && l2Groups.size() == 1 ? "" : "s") + ", not two");
        }
        SortedSet<Integer> first = physical(l2Groups.get(0), folding);
        SortedSet<Integer> second = physical(l2Groups.get(1), folding);
        if (first.stream().anyMatch(second::contains)) {
            return Optional.of("L2 groups " + l2Groups.get(0) + " and " + l2Groups.get(1) + " fold onto the same CPU ("
                    + folding.describe() + ")");
        }
        for (int cpu : first) {
            Path shared = sysfsCpus.resolve("cpu" + cpu).resolve("cache/index2/shared_cpu_list");
            SortedSet<Integer> sharing;
            try {
                sharing = CpuList.parse(Files.readString(shared));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.of("cannot tell which CPUs share CPU " + cpu + "'s L2 cache: " + shared + ": "
                        + unreadable.getMessage());
            }
            if (sharing.stream().anyMatch(second::contains)) {
                return Optional.of("CPU " + cpu + " shares its L2 cache with CPUs " + sharing + ", where L2 group "
                        + l2Groups.get(1) + " runs (" + folding.describe() + ")");
            }
        }
        return Optional.empty();
    }

    private static SortedSet<Integer> physical(List<Integer> logicalCores, CoreFolding folding) {
        SortedSet<Integer> cpus = new TreeSet<>();
        logicalCores.forEach(core -> cpus.add(folding.logicalToPhysical().get(core)));
        return cpus;
    }
}
