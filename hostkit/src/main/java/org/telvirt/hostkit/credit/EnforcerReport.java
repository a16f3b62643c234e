package org.telvirt.hostkit.credit;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a {@code credit-scheduler} run did, printed as one JSON line when it stops: its own CPU cost and, per
 * domain, the scheduler's statistics and how fast a frozen domain was thawed for a waiting datagram.
 */
public record EnforcerReport(String event, long runtimeMillis, long polls, double loopCpuPercent,
                             double processCpuPercent, long freezerWrites, long cpusetWrites, long quotaWrites,
                             List<Integer> logicalToPhysical, double cpuPerLogicalCore, double hostBusyMillis,
                             List<Domain> domains) {
    public static final String EVENT = "credit-scheduler-stats";

    public EnforcerReport {
        logicalToPhysical = List.copyOf(logicalToPhysical);
        if (!(cpuPerLogicalCore > 0 && cpuPerLogicalCore <= 1)) {
            throw new IllegalArgumentException("cpuPerLogicalCore " + cpuPerLogicalCore + " is outside (0, 1]");
        }
        domains = List.copyOf(domains);
    }

    /**
     * How many of the experiment's logical cores a domain kept busy on average while the scheduler ran (its CPU time
     * over the run, in logical cores of {@code cpuPerLogicalCore} of a CPU each); empty for a domain the scheduler did
     * not run.
     */
    public OptionalDouble logicalCoresUsed(String domain) {
        return domains.stream().filter(each -> each.name().equals(domain))
                .mapToDouble(each -> each.cpuMillis() / runtimeMillis / cpuPerLogicalCore).findFirst();
    }

    /**
     * How many CPUs were busy on average outside the domains while the scheduler ran (the clients, the scheduler
     * itself, anything else on the machine): the whole machine's busy time from {@code /proc/stat} less the domains'.
     */
    public double cpusBusyOutsideDomains() {
        return (hostBusyMillis - domains.stream().mapToDouble(Domain::cpuMillis).sum()) / runtimeMillis;
    }

    /**
     * How many logical cores the domain held on average while the scheduler ran: the most its CPU time could be, as
     * each held core is a quota of its CPU when cores are folded onto fewer CPUs.
     */
    public OptionalDouble logicalCoresHeld(String domain) {
        return domains.stream().filter(each -> each.name().equals(domain))
                .mapToDouble(each -> each.heldMillis() / runtimeMillis).findFirst();
    }

    /**
     * One domain: CPU time used (ms of physical CPU, from cpuacct), logical cores held (ms, summed over the cores),
     * time charged by the scheduler (ms its threads
     * ran or waited to run on the pCPUs it held), slices, boosts, parks, preemptions, wake-ups by a waiting datagram,
     * and the time from seeing that datagram to having thawed the domain (mean and max, microseconds).
     */
    public record Domain(String name, double cpuMillis, double heldMillis, double chargedMillis, long slices, long boosts, long parks, long preemptions,
                         long datagramWakeups, double wakeLatencyMeanMicros, double wakeLatencyMaxMicros) {
    }
}
