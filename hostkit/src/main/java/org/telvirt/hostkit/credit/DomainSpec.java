package org.telvirt.hostkit.credit;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A domain as the credit scheduler sees it: vCPUs, Xen weight (1..65535, default 256), cap in percent of one
 * pCPU (0 = none) and hard affinity as a set of LOGICAL pCPUs.
 */
public record DomainSpec(String name, int vcpus, int weight, int capPercent, SortedSet<Integer> affinity) {

    public DomainSpec {
        if (vcpus < 1) {
            throw new IllegalArgumentException("domain " + name + ": vcpus " + vcpus + " must be at least 1");
        }
        if (weight < 1 || weight > 65_535) {
            throw new IllegalArgumentException("domain " + name + ": weight " + weight + " is outside 1..65535");
        }
        if (capPercent < 0) {
            throw new IllegalArgumentException("domain " + name + ": cap " + capPercent + " % is negative");
        }
        if (affinity.isEmpty()) {
            throw new IllegalArgumentException("domain " + name + ": affinity names no pCPU");
        }
        affinity = new TreeSet<>(affinity);
    }

    public static DomainSpec of(String name, int vcpus, int weight, int capPercent, Set<Integer> affinity) {
        return new DomainSpec(name, vcpus, weight, capPercent, new TreeSet<>(affinity));
    }
}
