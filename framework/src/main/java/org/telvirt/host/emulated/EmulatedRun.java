package org.telvirt.host.emulated;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.telvirt.Configuration;
import org.telvirt.HostException;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.HostRun;
import org.telvirt.host.LogSegments;
import org.telvirt.host.Measurement;
import org.telvirt.host.Programs;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.credit.CreditSchedulerConfig;
import org.telvirt.hostkit.credit.CreditSchedulerConfig.DomainConfig;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.knob.CpuSet;

/**
 * One configuration on the emulated host's running domains ({@link EmulatedDomains}): its own credit scheduler (or
 * its knobs written into the cgroups), its clients, its statistics and its part of the domains' logs. Closing it
 * ends the configuration and leaves the domains running.
 */
final class EmulatedRun implements HostRun {
    /**
     * The clients stand for the paper's separate client PCs: their sender and receive threads are real-time, so their
     * own scheduling does not show up as the host's delay; the rest of their JVM (start-up, compiler, GC) is not, so it
     * does not take CPUs from the domains. A real-time client that spun while it waits would take a CPU from the
     * domains it measures. Few sockets: the credit scheduler reads the UDP table at every poll, a read costs a kernel
     * hash walk per page of it, and every client socket is also a relay flow with its own socket.
     */
    static final List<String> CLIENT_OPTIONS = List.of("--rt-priority", "20", "--receive-threads", "1",
            "--spin-micros", "0", "--sockets", "8");
    /**
     * How long the credit scheduler schedules a configuration's knobs before the media client's first packet: 17
     * accounting periods, so the domains, which ran thawed on their whole affinity between configurations, meet the
     * new weights, caps and pins before the measurement, not in its first second. The clients' JVMs start meanwhile.
     * The domains' programs run already and the scheduler's loop is compiled (a scheduler started for the
     * configuration has run its JVM's start-up before it schedules, and compiles its loop during the clients' warm-up,
     * which is not measured).
     */
    static final Duration SETTLE = Duration.ofMillis(500);

    private final EmulatedDomains domains;
    private final Configuration configuration;
    private final Path directory;
    private final WorkloadStack clients;
    private final LogSegments domainLogs;
    private final List<AppliedKnob> applied = new ArrayList<>();
    private final List<String> notes;
    private SchedulerProcess scheduler;
    /** When the knobs have been in force for {@link #SETTLE}: the media client's first packet is not earlier. */
    private Instant settledAt;
    private boolean ended;

    private EmulatedRun(EmulatedDomains domains, Configuration configuration, Path directory, List<String> notes) {
        this.domains = domains;
        this.configuration = configuration;
        this.directory = directory;
        this.notes = notes;
        this.clients = new WorkloadStack(domains::launch, directory, CLIENT_OPTIONS, List.of(),
                ProfileGenerators.of(domains.hostProfile().generators()));
        this.domainLogs = LogSegments.mark(domains.logs());
    }

    /**
     * Applies the configuration's knobs to the running domains (the credit scheduler schedules them, or they are
     * written into the cgroups); {@code notes} already say what the domains did for it.
     */
    static EmulatedRun start(EmulatedDomains domains, SchedulerMode mode, Configuration configuration,
            EmulatedKnobs knobs, CoreFolding folding, SortedSet<Integer> outside, Path directory, List<String> notes)
            throws IOException {
        EmulatedRun run = new EmulatedRun(domains, configuration, directory, notes);
        try {
            run.tune(mode, knobs, folding, outside);
            return run;
        } catch (IOException | RuntimeException failed) {
            try {
                run.close();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }

    private void tune(SchedulerMode mode, EmulatedKnobs knobs, CoreFolding folding, SortedSet<Integer> outside)
            throws IOException {
        Workload workload = configuration.workload();
        notes.add("emulated host, " + mode + " scheduler, " + folding.describe()
                + (folding.folds() ? " (more logical cores than CPUs: each logical core is a share of its CPU)" : ""));
        if (!outside.isEmpty()) {
            notes.add((mode == SchedulerMode.CREDIT ? "the clients and the credit scheduler run on CPU "
                    : "the clients run on CPU ") + CpuList.format(outside) + ", off the host's CPUs"
                    + (mode == SchedulerMode.CREDIT ? ": the scheduler's polling costs far more than Xen's"
                            + " scheduler, which no guest would pay for" : ""));
        }
        notes.add("all guest traffic crosses the Dom0 relay" + (knobs.vmmBypass() ? ", except media (VMM bypass)" : "")
                + "; clients run outside the domains, their packet threads at real-time priority, standing for the"
                + " paper's client PCs");
        notes.add(domains.calibration().host().isEmpty() ? "uncalibrated: the bare relay and media server, not the"
                + " paper's regime (docs/emulated-host.md, \"Calibration\")" : domains.calibration().describe());
        int dom0WorkMicros = domains.dom0WorkMicros();
        if (dom0WorkMicros > 0) {
            notes.add("the Dom0 relay spends " + dom0WorkMicros + " us of CPU per forwarded packet on "
                    + EmulatedCalibration.RELAY_THREADS + " threads (netback's per-packet cost)");
        }
        if (knobs.vmmBypass()) {
            applied.add(new AppliedKnob(Role.MEDIA, "vmmBypass", "true",
                    "media packets go straight to the Media VM, not through the Dom0 relay"));
        }
        knobs.coalescing().ifPresent(coalescing -> applied.add(new AppliedKnob(Role.DOM0, "coalesce",
                coalescing.toString(), "the Dom0 relay holds packets up to " + coalescing.micros() + " us or "
                        + coalescing.frames() + " frames (loopback has no NIC interrupts to coalesce with ethtool)")));
        List<String> present = domains.present();
        if (mode == SchedulerMode.CREDIT) {
            startCreditScheduler(knobs, workload, present, folding);
        } else {
            applyToCgroups(knobs, workload, present, folding);
        }
        settledAt = Instant.now().plus(SETTLE);
    }

    Configuration configuration() {
        return configuration;
    }

    private void startCreditScheduler(EmulatedKnobs knobs, Workload workload, List<String> present, CoreFolding folding)
            throws IOException {
        int cores = folding.logicalCores();
        List<DomainConfig> configs = new ArrayList<>();
        for (String domain : present) {
            int vcpus = workload.vcpus(domain, cores);
            int cap = knobs.capPercent(domain, present, vcpus);
            SortedSet<Integer> affinity = new TreeSet<>(EmulatedDomains.toList(knobs.affinity(domain)));
            configs.add(new DomainConfig(domain, vcpus, knobs.weight(domain), cap, affinity,
                    domains.cgroup(domain).paths()));
            applied.add(new AppliedKnob(domain, "credit", knobs.asked(domain),
                    vcpus + " vCPU" + (vcpus > 1 ? "s" : "") + ", weight " + knobs.weight(domain) + ", cap "
                            + (cap == 0 ? "none" : cap + " % of a logical core") + ", logical cores "
                            + CpuSet.of(affinity.stream().mapToInt(Integer::intValue).toArray())));
        }
        Path config = directory.resolve("credit-scheduler.json");
        CreditSchedulerConfig scheduling = CreditSchedulerConfig.of(folding.logicalToPhysical(), configs);
        if (domains.calibration().cpuPerLogicalCore() < scheduling.cpuPerLogicalCore()) {
            scheduling = scheduling.withCpuPerLogicalCore(domains.calibration().cpuPerLogicalCore());
        }
        scheduling.write(config);
        scheduler = domains.schedule(config, domainLogs, notes);
    }

    /**
     * Writes every domain's weight, cap and pin, whatever the configuration before wrote: no knob of an earlier
     * configuration is left in force.
     */
    private void applyToCgroups(EmulatedKnobs knobs, Workload workload, List<String> present, CoreFolding folding)
            throws IOException {
        int cores = folding.logicalCores();
        double physicalPerLogical = (double) folding.physicalInUse().size() / cores;
        for (String domain : present) {
            DomainCgroup cgroup = domains.cgroup(domain);
            int vcpus = workload.vcpus(domain, cores);
            long shares = cgroup.setWeight(knobs.weight(domain));
            int logicalCap = knobs.capPercent(domain, present, vcpus);
            int vcpuCap = (int) Math.round(100 * vcpus * physicalPerLogical);
            // a cap never folds to 0, which would mean "no cap" to the kernel as to Xen
            int cap = logicalCap == 0 ? vcpuCap : (int) Math.max(1, Math.round(logicalCap * physicalPerLogical));
            cgroup.setCap(Math.min(cap, vcpuCap));
            SortedSet<Integer> cpus = folding.physical(knobs.affinity(domain));
            cgroup.pin(cpus);
            applied.add(new AppliedKnob(domain, "cgroup", knobs.asked(domain), "cpu shares " + shares
                    + ", quota " + Math.min(cap, vcpuCap) + " % of a CPU (" + vcpus + " vCPUs"
                    + (logicalCap == 0 ? "" : ", cap " + logicalCap + " % of a logical core") + "), cpuset "
                    + cpus.stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
    }

    @Override
    public List<AppliedKnob> applied() {
        return List.copyOf(applied);
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Runs the clients, then ends the measured window: the scheduler stops (printing its statistics, every domain
     * thawed) and the relay prints what it did since the window began; both land in the measurement.
     */
    @Override
    public Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException {
        Measurement measurement = clients.runClients(workload, domains.targets(), Map.of(), Optional.of(settledAt));
        Map<String, String> statistics = new LinkedHashMap<>();
        stopScheduler().ifPresent(line -> statistics.put(MediaRun.CREDIT_SCHEDULER_STATISTICS, line));
        domains.closeRelayWindow().ifPresent(line -> statistics.put("relay", line));
        return measurement.withHostStatistics(statistics);
    }

    /** Ends the configuration's schedule, if it still runs (every domain thawed), and returns its statistics line. */
    private Optional<String> stopScheduler() {
        if (scheduler == null) {
            return Optional.empty();
        }
        SchedulerProcess finishing = scheduler;
        scheduler = null;
        try {
            return Optional.of(finishing.finish());
        } catch (IOException unreachable) {
            throw new HostException("cannot ask the credit scheduler for its statistics: " + unreachable.getMessage()
                    + "; see " + finishing.log(), unreachable);
        }
    }

    /**
     * Ends the configuration: its clients and its scheduler stop, its part of the domains' logs is copied into its
     * results, and the domains learn whether they can carry the next one. The domains keep running.
     */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        clients.close();
        Optional<String> failure = Optional.empty();
        try {
            stopScheduler();
        } catch (RuntimeException notEnded) {
            failure = Optional.of(notEnded.getMessage());
            throw notEnded;
        } finally {
            domainLogs.copyInto(directory);
            domains.ended(this, failure);
        }
    }

    /** The last whole line of a log, from byte {@code offset} on, that {@code wanted} accepts. */
    static Optional<String> lastLine(Path log, long offset, Predicate<String> wanted) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return Optional.empty();
            }
            byte[] tail = new byte[(int) (file.length() - offset)];
            file.seek(offset);
            file.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n", -1);
            // the last element follows the last newline: a line still being written
            for (int i = lines.length - 2; i >= 0; i--) {
                if (wanted.test(lines[i])) {
                    return Optional.of(lines[i]);
                }
            }
            return Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
