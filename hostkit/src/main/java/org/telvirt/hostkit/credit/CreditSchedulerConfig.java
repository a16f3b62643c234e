package org.telvirt.hostkit.credit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.telvirt.hostkit.cgroup.CgroupPaths;

/**
 * The {@code credit-scheduler} process's configuration (a JSON file).
 *
 * @param logicalToPhysical  index = logical pCPU, value = the physical CPU behind it (e.g. {@code [0,0,1,1]} puts
 *                           4 logical pCPUs on 2 cores so that the L2 pairs {0,1} and {2,3} stay pairs)
 * @param timing             Xen's tick, slice, accounting period and rate limit
 * @param pollMicros         how often the loop looks at the domains (wake-up detection latency)
 * @param usageSampleMicros  how often it reads each thawed domain's CPU time (the kernel updates it every tick)
 * @param idleWindowMicros   a thawed domain that used less than {@code busyPercent} of one logical pCPU over this
 *                           window has blocked
 * @param busyPercent        see {@code idleWindowMicros}
 * @param refreshMicros      how often the processes, sockets and threads of each domain are looked up again
 * @param cpuPerLogicalCore  the share of a CPU that one logical pCPU is: by default the CPUs over the logical pCPUs
 *                           (0.5 for 4 on 2); less leaves the rest of the CPUs to what runs outside the domains
 * @param domains            the domains and their cgroups
 * Absent (or 0) settings take the defaults of {@link #of}.
 */
public record CreditSchedulerConfig(List<Integer> logicalToPhysical, SchedulerTiming timing, long pollMicros,
                                    long usageSampleMicros, long idleWindowMicros, int busyPercent,
                                    long refreshMicros, double cpuPerLogicalCore, List<DomainConfig> domains) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final long DEFAULT_POLL_MICROS = 1_000;
    static final long DEFAULT_USAGE_SAMPLE_MICROS = 2_000;
    static final long DEFAULT_IDLE_WINDOW_MICROS = 6_000;
    static final int DEFAULT_BUSY_PERCENT = 10;
    static final long DEFAULT_REFRESH_MICROS = 100_000;

    public CreditSchedulerConfig {
        if (logicalToPhysical == null || domains == null) {
            throw new IllegalArgumentException("logicalToPhysical and domains are required");
        }
        logicalToPhysical = List.copyOf(logicalToPhysical);
        domains = List.copyOf(domains);
        timing = timing != null ? timing : SchedulerTiming.xenDefaults();
        pollMicros = pollMicros != 0 ? pollMicros : DEFAULT_POLL_MICROS;
        usageSampleMicros = usageSampleMicros != 0 ? usageSampleMicros : DEFAULT_USAGE_SAMPLE_MICROS;
        idleWindowMicros = idleWindowMicros != 0 ? idleWindowMicros : DEFAULT_IDLE_WINDOW_MICROS;
        busyPercent = busyPercent != 0 ? busyPercent : DEFAULT_BUSY_PERCENT;
        refreshMicros = refreshMicros != 0 ? refreshMicros : DEFAULT_REFRESH_MICROS;
        double folded = Math.min(1.0, (double) new TreeSet<>(logicalToPhysical).size() / logicalToPhysical.size());
        cpuPerLogicalCore = cpuPerLogicalCore != 0 ? cpuPerLogicalCore : folded;
        if (!(cpuPerLogicalCore > 0 && cpuPerLogicalCore <= folded)) {
            throw new IllegalArgumentException("cpuPerLogicalCore " + cpuPerLogicalCore + " is outside (0, " + folded
                    + "]: a logical core cannot be more than its share of the CPU it is folded onto");
        }
        if (logicalToPhysical.isEmpty() || logicalToPhysical.size() > 64) {
            throw new IllegalArgumentException("logicalToPhysical must map 1..64 logical pCPUs, not "
                    + logicalToPhysical.size());
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domains to schedule");
        }
        if (pollMicros < 0 || usageSampleMicros < 0 || idleWindowMicros < 0 || refreshMicros < 0) {
            throw new IllegalArgumentException("pollMicros, usageSampleMicros, idleWindowMicros and refreshMicros must "
                    + "not be negative");
        }
        if (busyPercent < 1 || busyPercent > 100) {
            throw new IllegalArgumentException("busyPercent " + busyPercent + " is outside 1..100");
        }
    }

    /** The defaults for everything but the mapping and the domains. */
    public static CreditSchedulerConfig of(List<Integer> logicalToPhysical, List<DomainConfig> domains) {
        return new CreditSchedulerConfig(logicalToPhysical, null, 0, 0, 0, 0, 0, 0, domains);
    }

    /** This configuration with each logical pCPU a smaller share of a CPU than its folding gives. */
    public CreditSchedulerConfig withCpuPerLogicalCore(double share) {
        return new CreditSchedulerConfig(logicalToPhysical, timing, pollMicros, usageSampleMicros, idleWindowMicros,
                busyPercent, refreshMicros, share, domains);
    }

    public static CreditSchedulerConfig read(Path file) throws IOException {
        String json = java.nio.file.Files.readString(file);
        try {
            return JSON.readValue(json, CreditSchedulerConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String reason = e.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage()
                    : e.getOriginalMessage();
            throw new IOException("credit scheduler config " + file + " is invalid: " + reason, e);
        }
    }

    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    public int logicalPcpus() {
        return logicalToPhysical.size();
    }

    /** The physical CPUs behind a mask of logical pCPUs. */
    public SortedSet<Integer> physicalCpus(long logicalMask) {
        SortedSet<Integer> cpus = new TreeSet<>();
        for (int p = 0; p < logicalToPhysical.size(); p++) {
            if ((logicalMask & (1L << p)) != 0) {
                cpus.add(logicalToPhysical.get(p));
            }
        }
        return cpus;
    }

    /** Logical pCPUs per physical CPU: a logical pCPU stands for this fraction of a core (2 for 4 on 2). */
    /** Whether a logical pCPU is only part of a CPU, so that the domains need a CFS quota per held pCPU. */
    public boolean coresArePartsOfCpus() {
        return cpuPerLogicalCore < 1;
    }

    public List<DomainSpec> specs() {
        List<DomainSpec> specs = new ArrayList<>();
        domains.forEach(domain -> specs.add(domain.spec()));
        return specs;
    }

    /** One domain: its credit-scheduler parameters (affinity in LOGICAL pCPUs) and its cgroup. */
    public record DomainConfig(String name, int vcpus, int weight, int capPercent, SortedSet<Integer> affinity,
                               CgroupPaths cgroup) {
        public DomainConfig {
            affinity = new TreeSet<>(affinity);
        }

        public DomainSpec spec() {
            return new DomainSpec(name, vcpus, weight, capPercent, affinity);
        }

        public long affinityMask() {
            long mask = 0;
            for (int p : affinity) {
                mask |= 1L << p;
            }
            return mask;
        }
    }
}
