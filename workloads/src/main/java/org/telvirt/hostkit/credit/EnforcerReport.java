package org.telvirt.hostkit.credit;

import java.util.List;

/**
 * What a {@code credit-scheduler} run did, printed as one JSON line when it stops: its own CPU cost and, per
 * domain, the scheduler's statistics and how fast a frozen domain was thawed for a waiting datagram.
 */
public record EnforcerReport(String event, long runtimeMillis, long polls, double loopCpuPercent,
                             double processCpuPercent, long freezerWrites, long cpusetWrites,
                             List<Integer> logicalToPhysical, List<Domain> domains) {
    public static final String EVENT = "credit-scheduler-stats";

    public EnforcerReport {
        logicalToPhysical = List.copyOf(logicalToPhysical);
        domains = List.copyOf(domains);
    }

    /**
     * One domain: CPU time used (ms of physical CPU, from cpuacct), time charged by the scheduler (ms its threads
     * ran or waited to run on the pCPUs it held), slices, boosts, parks, preemptions, wake-ups by a waiting datagram,
     * and the time from seeing that datagram to having thawed the domain (mean and max, microseconds).
     */
    public record Domain(String name, double cpuMillis, double chargedMillis, long slices, long boosts, long parks, long preemptions,
                         long datagramWakeups, double wakeLatencyMeanMicros, double wakeLatencyMaxMicros) {
    }
}
