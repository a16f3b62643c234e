package org.telvirt.hostkit.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The kernel's CPU list syntax ({@code 0-2,5}), both ways. */
public final class CpuList {
    private CpuList() {
    }

    public static String format(Iterable<Integer> cpus) {
        SortedSet<Integer> sorted = new TreeSet<>();
        cpus.forEach(sorted::add);
        List<String> ranges = new ArrayList<>();
        Integer start = null;
        Integer previous = null;
        for (int cpu : sorted) {
            if (start == null) {
                start = cpu;
            } else if (cpu != previous + 1) {
                ranges.add(range(start, previous));
                start = cpu;
            }
            previous = cpu;
        }
        if (start != null) {
            ranges.add(range(start, previous));
        }
        return String.join(",", ranges);
    }

    public static SortedSet<Integer> parse(String list) {
        SortedSet<Integer> cpus = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] bounds = part.trim().split("-");
            int from = Integer.parseInt(bounds[0]);
            int to = bounds.length > 1 ? Integer.parseInt(bounds[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static String range(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
