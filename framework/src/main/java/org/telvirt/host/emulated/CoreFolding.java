package org.telvirt.host.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.telvirt.knob.CpuSet;

/**
 * How the experiment's logical cores sit on this machine's CPUs: logical core {@code i} of
 * {@code n} runs on physical CPU number {@code i * p / n} of the {@code p} available, so
 * neighbours (the paper's L2 pairs 0,1 and 2,3) stay together and the mapping is the same on
 * every run. With more CPUs than cores the first {@code n} CPUs are used, one each.
 *
 * <p>An experiment with fewer cores than the host ({@code @Cores}) takes the host's first logical cores, each on
 * the CPU it has in the host's folding: a logical core is the same share of a CPU in every experiment, so 2 cores
 * of a host whose 4 fold onto 2 CPUs are 1 CPU, half the host, as the paper's 2 cores were half its host.
 */
record CoreFolding(List<Integer> logicalToPhysical) {

    static CoreFolding of(int experimentCores, int hostCores, SortedSet<Integer> physicalCpus) {
        return new CoreFolding(of(hostCores, physicalCpus).logicalToPhysical.subList(0, experimentCores));
    }

    static CoreFolding of(int logicalCores, SortedSet<Integer> physicalCpus) {
        List<Integer> physical = new ArrayList<>(physicalCpus);
        List<Integer> mapping = new ArrayList<>();
        for (int logical = 0; logical < logicalCores; logical++) {
            int index = logicalCores <= physical.size() ? logical : logical * physical.size() / logicalCores;
            mapping.add(physical.get(index));
        }
        return new CoreFolding(List.copyOf(mapping));
    }

    int logicalCores() {
        return logicalToPhysical.size();
    }

    SortedSet<Integer> physical(CpuSet logical) {
        SortedSet<Integer> cpus = new TreeSet<>();
        for (int core : logical.toArray()) {
            cpus.add(logicalToPhysical.get(core));
        }
        return cpus;
    }

    SortedSet<Integer> physicalInUse() {
        return new TreeSet<>(logicalToPhysical);
    }

    boolean folds() {
        return physicalInUse().size() < logicalCores();
    }

    /** {@code 4 logical cores on CPUs 0-1: 0,1 -> 0; 2,3 -> 1}. */
    String describe() {
        StringBuilder text = new StringBuilder(logicalCores() + " logical cores on CPU"
                + (physicalInUse().size() > 1 ? "s " : " ")
                + physicalInUse().stream().map(String::valueOf).collect(Collectors.joining(",")) + ": ");
        List<String> groups = new ArrayList<>();
        for (int cpu : physicalInUse()) {
            List<String> logical = new ArrayList<>();
            for (int core = 0; core < logicalCores(); core++) {
                if (logicalToPhysical.get(core) == cpu) {
                    logical.add(Integer.toString(core));
                }
            }
            groups.add(String.join(",", logical) + " -> " + cpu);
        }
        return text.append(String.join("; ", groups)).toString();
    }
}
