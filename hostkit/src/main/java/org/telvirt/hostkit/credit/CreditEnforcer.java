package org.telvirt.hostkit.credit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.telvirt.hostkit.cgroup.CgroupPaths;
import org.telvirt.hostkit.cgroup.CgroupVersion;
import org.telvirt.hostkit.cgroup.CpuKnobs;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.cgroup.HostNotReadyException;

/**
 * Runs the {@link CreditScheduler} against real cgroups: every poll it observes each domain (CPU time from
 * cpuacct, datagrams waiting on the sockets of a blocked frozen domain, runnable threads at each tick), lets the
 * scheduler decide, and applies the decision: a domain's {@code cpuset.cpus} becomes the physical CPUs behind the
 * logical pCPUs it may use, and it is frozen (v1 freezer or v2 cgroup.freeze) when it may use none. Where logical
 * cores are folded onto fewer CPUs, a CFS quota per held core makes a held core exactly its share of a CPU: a domain
 * holding one of two cores folded onto a CPU gets half of it even when the other core is idle. Files are written
 * only on change.
 *
 * <p>A blocked domain stays thawed on logical pCPUs nobody runs on, so on an idle host it wakes as fast as Linux
 * wakes it; only a domain whose pCPUs are all taken is frozen, and then a datagram for it is the event that wakes
 * it (with Xen's boost if it is UNDER).
 */
public final class CreditEnforcer implements AutoCloseable {
    private static final int USAGE_HISTORY = 64;

    private final CreditSchedulerConfig config;
    private final CreditScheduler scheduler;
    private final DomainProbe[] probes;
    private final UdpTable udp;
    private final DomainObservation[] observations;
    private final double logicalCoresPerCpu;
    private final long pollNanos;
    private final long usageSampleNanos;
    private final long idleWindowNanos;
    private final long busyLogicalNanos;
    private final long tickNanos;
    private final long refreshNanos;
    private final long[] physicalBit;
    private final List<Long> cpuListMasks = new ArrayList<>();
    private final List<ByteBuffer> cpuLists = new ArrayList<>();
    /** The quota line for each number of held logical cores; empty when every logical core is a whole CPU. */
    private final ByteBuffer[] quotaForHeld;
    private final ByteBuffer[] unlimitedQuota;

    private final boolean[] frozen;
    private final long[] appliedPhysical;
    private final int[] appliedHeld;
    private final long[] heldLogicalNanos;
    private final long[] heldSince;
    private final long[] thawedSince;
    private final long[] lastUsage;
    private final long[] unreportedNanos;
    private final long[] chargedUntil;
    private final int[] runningPcpus;
    private final long[] physicalNanos;
    private final long[][] usageTimes;
    private final long[][] usageValues;
    private final int[] usageHead;
    private final int[] runnableThreads;
    private final long[] eventSeenAt;
    private final long[] datagramWakeups;
    private final long[] wakeLatencySum;
    private final long[] wakeLatencyMax;

    private final int[] lastDemand;
    private final boolean[] runnableAtFreeze;
    private java.io.PrintStream trace;
    private volatile boolean running = true;
    private long polls;
    private long freezerWrites;
    private long cpusetWrites;
    private long quotaWrites;
    private long startNanos;
    private long stopNanos;
    private long loopCpuNanos;
    private long processCpuAtStart;
    private long processCpuAtStop;
    private long hostBusyAtStart;
    private long hostBusyAtStop;

    public CreditEnforcer(CreditSchedulerConfig config) throws IOException {
        this.config = config;
        int domains = config.domains().size();
        this.probes = new DomainProbe[domains];
        try {
            for (int d = 0; d < domains; d++) {
                probes[d] = new DomainProbe(config.domains().get(d).cgroup());
            }
            this.udp = new UdpTable();
        } catch (AccessDeniedException e) {
            closeProbes();
            throw new HostNotReadyException("cgroup " + e.getFile() + " not writable: " + HostNotReadyException.NATIVE_HINT);
        } catch (IOException e) {
            closeProbes();
            throw e;
        }
        this.observations = new DomainObservation[domains];
        Arrays.setAll(observations, d -> new DomainObservation());
        this.logicalCoresPerCpu = 1 / config.cpuPerLogicalCore();
        this.physicalBit = new long[config.logicalPcpus()];
        for (int p = 0; p < physicalBit.length; p++) {
            physicalBit[p] = 1L << config.logicalToPhysical().get(p);
        }
        this.pollNanos = config.pollMicros() * 1_000;
        this.usageSampleNanos = config.usageSampleMicros() * 1_000;
        this.idleWindowNanos = config.idleWindowMicros() * 1_000;
        this.busyLogicalNanos = idleWindowNanos * config.busyPercent() / 100;
        this.tickNanos = config.timing().tickMicros() * 1_000;
        this.refreshNanos = config.refreshMicros() * 1_000;
        this.frozen = new boolean[domains];
        this.appliedPhysical = new long[domains];
        Arrays.fill(appliedPhysical, -1);
        this.appliedHeld = new int[domains];
        this.heldLogicalNanos = new long[domains];
        this.heldSince = new long[domains];
        this.quotaForHeld = quotaLines(config);
        this.unlimitedQuota = new ByteBuffer[domains];
        for (int d = 0; d < domains; d++) {
            CgroupPaths paths = config.domains().get(d).cgroup();
            unlimitedQuota[d] = DomainProbe.ascii(paths.quotaLine(-1, CpuKnobs.CFS_PERIOD_MICROS));
            if (quotaForHeld.length > 0 && paths.version() == CgroupVersion.V1) {
                Files.writeString(paths.v1PeriodKnob(),
                        Long.toString(CpuKnobs.coreQuotaPeriodMicros(config.cpuPerLogicalCore())));
            }
        }
        this.thawedSince = new long[domains];
        this.lastUsage = new long[domains];
        this.unreportedNanos = new long[domains];
        this.chargedUntil = new long[domains];
        this.runningPcpus = new int[domains];
        this.lastDemand = new int[domains];
        this.runnableAtFreeze = new boolean[domains];
        this.physicalNanos = new long[domains];
        this.usageTimes = new long[domains][USAGE_HISTORY];
        this.usageValues = new long[domains][USAGE_HISTORY];
        this.usageHead = new int[domains];
        this.runnableThreads = new int[domains];
        this.eventSeenAt = new long[domains];
        this.datagramWakeups = new long[domains];
        this.wakeLatencySum = new long[domains];
        this.wakeLatencyMax = new long[domains];
        this.startNanos = System.nanoTime();
        this.scheduler = new CreditScheduler(config.timing(), config.logicalPcpus(), config.specs(), startNanos);
    }

    /** Runs the loop on the calling thread until {@link #stop()}; then thaws every domain (see {@link #release()}). */
    public void run() throws IOException {
        var threads = ManagementFactory.getThreadMXBean();
        long loopCpuAtStart = threads.getCurrentThreadCpuTime();
        processCpuAtStart = processCpuNanos();
        hostBusyAtStart = HostCpuTime.busyNanos();
        startNanos = System.nanoTime();
        for (int d = 0; d < probes.length; d++) {
            probes[d].refresh();
            frozen[d] = true;
            lastUsage[d] = probes[d].usageNanos();
        }
        watchSockets();
        long nextPoll = startNanos;
        long nextUsage = startNanos;
        long nextThreads = startNanos;
        long nextRefresh = startNanos + refreshNanos;
        try {
            while (running) {
                long now = System.nanoTime();
                boolean sampleUsage = now >= nextUsage;
                if (sampleUsage) {
                    nextUsage = now + usageSampleNanos;
                }
                boolean sampleThreads = now >= nextThreads;
                if (sampleThreads) {
                    nextThreads = now + tickNanos;
                }
                if (now >= nextRefresh) {
                    for (int d = 0; d < probes.length; d++) {
                        // a frozen domain opens no socket and starts no thread
                        if (!frozen[d]) {
                            probes[d].refresh();
                        }
                    }
                    watchSockets();
                    nextRefresh = now + refreshNanos;
                }
                observe(now, sampleUsage, sampleThreads);
                scheduler.poll(now, observations);
                apply(now);
                polls++;
                nextPoll += watchingSockets() ? pollNanos : usageSampleNanos;
                long sleep = nextPoll - System.nanoTime();
                if (sleep <= 0) {
                    nextPoll = System.nanoTime();
                } else {
                    LockSupport.parkNanos(sleep);
                }
            }
        } finally {
            stopNanos = System.nanoTime();
            loopCpuNanos = threads.getCurrentThreadCpuTime() - loopCpuAtStart;
            processCpuAtStop = processCpuNanos();
            hostBusyAtStop = HostCpuTime.busyNanos();
            release();
        }
    }

    /** Prints every decision that changes a cgroup, and every change of what a domain is seen to do. */
    public void traceTo(java.io.PrintStream out) {
        this.trace = out;
    }

    /** Asks the loop to end after its current poll. */
    public void stop() {
        running = false;
    }

    /** Thaws every domain and gives it back the physical CPUs of its whole affinity. */
    public void release() throws IOException {
        IOException first = null;
        for (int d = 0; d < probes.length; d++) {
            try {
                long full = physicalMask(config.domains().get(d).affinityMask());
                probes[d].setCpus(cpuList(full));
                if (quotaForHeld.length > 0) {
                    probes[d].setQuota(unlimitedQuota[d]);
                }
                probes[d].setFrozen(false);
                frozen[d] = false;
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The statistics of the finished run. */
    public EnforcerReport report() {
        double runtimeNanos = Math.max(1, stopNanos - startNanos);
        List<EnforcerReport.Domain> domains = new ArrayList<>();
        for (int d = 0; d < probes.length; d++) {
            DomainStats stats = scheduler.stats(d);
            long wakeups = datagramWakeups[d];
            domains.add(new EnforcerReport.Domain(stats.name(), physicalNanos[d] / 1e6, heldLogicalNanos[d] / 1e6,
                    stats.chargedNanos() / 1e6,
                    stats.slices(), stats.boosts(),
                    stats.parks(), stats.preemptions(), wakeups,
                    wakeups == 0 ? 0 : wakeLatencySum[d] / 1e3 / wakeups, wakeLatencyMax[d] / 1e3));
        }
        return new EnforcerReport(EnforcerReport.EVENT, Math.round(runtimeNanos / 1e6), polls,
                100 * loopCpuNanos / runtimeNanos, 100 * (processCpuAtStop - processCpuAtStart) / runtimeNanos,
                freezerWrites, cpusetWrites, quotaWrites, config.logicalToPhysical(), config.cpuPerLogicalCore(),
                (hostBusyAtStop - hostBusyAtStart) / 1e6, domains);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        closeProbes();
    }

    private void observe(long now, boolean sampleUsage, boolean sampleThreads) throws IOException {
        if (watchingSockets()) {
            udp.read();
        }
        for (int d = 0; d < probes.length; d++) {
            DomainObservation observation = observations[d].clear();
            observation.usedNanos = unreportedNanos[d];
            unreportedNanos[d] = 0;
            if (frozen[d]) {
                if (scheduler.waitingForEvent(d) && probes[d].hasSockets() && probes[d].datagramWaiting(udp)) {
                    observation.eventPending = true;
                    if (eventSeenAt[d] == 0) {
                        eventSeenAt[d] = now;
                        if (trace != null) {
                            trace(now, d, "datagram waiting");
                        }
                    }
                }
                continue;
            }
            if (sampleUsage) {
                sampleUsage(d, now);
            }
            if (sampleThreads) {
                charge(d, now);
                observation.usedNanos += unreportedNanos[d];
                unreportedNanos[d] = 0;
            }
            if (runnableAtFreeze[d] || now - thawedSince[d] >= idleWindowNanos) {
                observation.observable = true;
                boolean busy = (lastUsage[d] - usageAtOrBefore(d, now - idleWindowNanos)) * logicalCoresPerCpu
                        >= busyLogicalNanos;
                boolean wouldBlock = !busy && !scheduler.waitingForEvent(d);
                if (sampleThreads || wouldBlock) {
                    runnableThreads[d] = probes[d].runnableThreads();
                }
                // little CPU time yet a thread waits to run (the machine is loaded): runnable, not blocked
                observation.demandVcpus = busy || runnableAtFreeze[d] ? Math.max(1, runnableThreads[d])
                        : runnableThreads[d];
                runnableAtFreeze[d] = false;
                if (trace != null && observation.demandVcpus != lastDemand[d]) {
                    trace(now, d, "demand " + lastDemand[d] + " -> " + observation.demandVcpus + (busy ? " (busy)" : ""));
                }
                lastDemand[d] = observation.demandVcpus;
            }
        }
    }

    private void apply(long now) throws IOException {
        // thaw first: a waking domain's latency is what the freezer writes cost
        for (int d = 0; d < probes.length; d++) {
            long allowed = scheduler.allowedPcpus(d);
            int held = Long.bitCount(allowed);
            // held: the pCPUs its vCPUs run on, not idle ones a blocked domain may wake on
            heldLogicalNanos[d] += (long) runningPcpus[d] * (now - heldSince[d]);
            heldSince[d] = now;
            if (allowed == 0) {
                appliedHeld[d] = 0;
                continue;
            }
            // before the cpuset: a domain losing cores is held back before its CPUs change
            if (quotaForHeld.length > 0 && held != appliedHeld[d]) {
                probes[d].setQuota(quotaForHeld[held]);
                quotaWrites++;
            }
            appliedHeld[d] = held;
            long physical = physicalMask(allowed);
            if (physical != appliedPhysical[d]) {
                probes[d].setCpus(cpuList(physical));
                appliedPhysical[d] = physical;
                cpusetWrites++;
                if (trace != null) {
                    trace(now, d, "cpus " + new String(cpuList(physical).array(), StandardCharsets.US_ASCII).trim());
                }
            }
            if (frozen[d]) {
                probes[d].setFrozen(false);
                if (eventSeenAt[d] != 0) {
                    long latency = System.nanoTime() - eventSeenAt[d];
                    datagramWakeups[d]++;
                    wakeLatencySum[d] += latency;
                    wakeLatencyMax[d] = Math.max(wakeLatencyMax[d], latency);
                    eventSeenAt[d] = 0;
                }
                frozen[d] = false;
                freezerWrites++;
                thawedSince[d] = now;
                if (trace != null) {
                    trace(now, d, "thaw");
                }
                sampleUsage(d, now);
                probes[d].takeThreadTimes();
                chargedUntil[d] = now;
            }
        }
        for (int d = 0; d < probes.length; d++) {
            if (scheduler.allowedPcpus(d) == 0 && !frozen[d]) {
                if (scheduler.waitingForEvent(d) && (runnableThreads[d] = probes[d].runnableThreads()) > 0) {
                    // judged blocked, yet a thread is runnable: frozen now, only a datagram would wake it; it stays
                    // thawed for this poll and is reported runnable at the next
                    runnableAtFreeze[d] = true;
                    continue;
                }
                sampleUsage(d, now);
                charge(d, now);
                probes[d].setFrozen(true);
                frozen[d] = true;
                freezerWrites++;
                if (trace != null) {
                    trace(now, d, "freeze");
                }
            }
        }
        // charges until the next decision are for the vCPUs running now
        Arrays.fill(runningPcpus, 0);
        for (int p = 0; p < config.logicalPcpus(); p++) {
            if (scheduler.runningDomain(p) >= 0) {
                runningPcpus[scheduler.runningDomain(p)]++;
            }
        }
    }

    private void trace(long now, int d, String what) {
        trace.printf("%9.2f ms %-10s %-28s credit %4d pri %2d%n", (now - startNanos) / 1e6, scheduler.domainName(d), what,
                scheduler.credit(d, 0), scheduler.priority(d, 0));
    }

    private void watchSockets() throws IOException {
        List<long[]> sockets = new ArrayList<>();
        for (DomainProbe probe : probes) {
            sockets.add(probe.socketInodes());
        }
        udp.watchTablesHolding(sockets);
    }

    /** Fast polling is needed only while a frozen domain waits for a datagram; otherwise usage sampling sets the pace. */
    private boolean watchingSockets() {
        for (int d = 0; d < probes.length; d++) {
            if (frozen[d] && scheduler.waitingForEvent(d) && probes[d].hasSockets()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Charges the domain as Xen burns a vCPU's credits: for the time it ran. A logical pCPU is a share of a physical
     * CPU, so the time its threads ran counts {@code logicalCoresPerCpu} times, at most the time its vCPUs held their
     * pCPUs; time spent waiting for a physical CPU that the rest of the machine took is not the domain's doing.
     */
    private void charge(int d, long now) {
        DomainProbe probe = probes[d];
        probe.takeThreadTimes();
        long held = runningPcpus[d] * (now - chargedUntil[d]);
        long ranLogicalNanos = Math.round(probe.runDeltaNanos * logicalCoresPerCpu);
        unreportedNanos[d] += held > 0 ? Math.min(ranLogicalNanos, held) : ranLogicalNanos;
        chargedUntil[d] = now;
    }

    /** Reads the domain's CPU time (for telling busy from blocked, and for the report). */
    private void sampleUsage(int d, long now) throws IOException {
        long usage = probes[d].usageNanos();
        physicalNanos[d] += usage - lastUsage[d];
        lastUsage[d] = usage;
        recordUsage(d, now, usage);
    }

    private void recordUsage(int d, long now, long usage) {
        int head = usageHead[d] = (usageHead[d] + 1) % USAGE_HISTORY;
        usageTimes[d][head] = now;
        usageValues[d][head] = usage;
    }

    /** The newest usage sample taken at or before {@code time} (the oldest kept when none is that old). */
    private long usageAtOrBefore(int d, long time) {
        int index = usageHead[d];
        for (int i = 0; i < USAGE_HISTORY; i++) {
            if (usageTimes[d][index] != 0 && usageTimes[d][index] <= time) {
                return usageValues[d][index];
            }
            index = (index - 1 + USAGE_HISTORY) % USAGE_HISTORY;
        }
        return usageValues[d][(usageHead[d] + 1) % USAGE_HISTORY];
    }

    /** The quota lines by number of held logical cores, or none when each logical core is a whole CPU. */
    private static ByteBuffer[] quotaLines(CreditSchedulerConfig config) {
        if (!config.coresArePartsOfCpus()) {
            return new ByteBuffer[0];
        }
        CgroupPaths paths = config.domains().get(0).cgroup();
        double share = config.cpuPerLogicalCore();
        long period = CpuKnobs.coreQuotaPeriodMicros(share);
        ByteBuffer[] lines = new ByteBuffer[config.logicalPcpus() + 1];
        for (int held = 1; held < lines.length; held++) {
            lines[held] = DomainProbe.ascii(paths.quotaLine(CpuKnobs.coreQuotaMicros(held, share), period));
        }
        return lines;
    }

    private long physicalMask(long logicalMask) {
        long mask = 0;
        for (int p = 0; p < physicalBit.length; p++) {
            if ((logicalMask & (1L << p)) != 0) {
                mask |= physicalBit[p];
            }
        }
        return mask;
    }

    /** The cpuset line for a mask of physical CPUs, built once per distinct mask (there are few). */
    private ByteBuffer cpuList(long physicalMask) {
        for (int i = 0; i < cpuListMasks.size(); i++) {
            if (cpuListMasks.get(i) == physicalMask) {
                return cpuLists.get(i);
            }
        }
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < 64; cpu++) {
            if ((physicalMask & (1L << cpu)) != 0) {
                cpus.add(cpu);
            }
        }
        ByteBuffer line = DomainProbe.ascii(CpuList.format(cpus) + "\n");
        cpuListMasks.add(physicalMask);
        cpuLists.add(line);
        return line;
    }

    private void closeProbes() throws IOException {
        for (DomainProbe probe : probes) {
            if (probe != null) {
                probe.close();
            }
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
