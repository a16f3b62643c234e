package org.telvirt.host.emulated;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.StreamFleet;
import org.telvirt.HostException;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.Programs;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.cgroup.HostNotReadyException;
import org.telvirt.hostkit.credit.CreditSchedulerConfig;
import org.telvirt.hostkit.credit.CreditSchedulerConfig.DomainConfig;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;
import org.telvirt.knob.CpuSet;
import org.telvirt.knob.AppliedKnob;

/**
 * One provisioned configuration on the emulated host. Every change goes through a knob journal
 * (cgroups created, knobs written, processes started), so closing it, or the next run after a
 * killed JVM, puts the machine back exactly as it was.
 */
final class EmulatedRun implements HostRun {
    /** The credit scheduler's loop preempts everything else, as Xen's scheduler runs beneath its guests. */
    private static final String SCHEDULER_RT_PRIORITY = "50";
    /**
     * The clients stand for the paper's separate client PCs: their sender and receive threads are real-time, so their
     * own scheduling does not show up as the host's delay; the rest of their JVM (start-up, compiler, GC) is not, so it
     * does not take CPUs from the domains. A real-time client that spun while it waits would take a CPU from the
     * domains it measures. Few sockets: the credit scheduler reads the UDP table at every poll, a read costs a kernel
     * hash walk per page of it, and every client socket is also a relay flow with its own socket.
     */
    private static final List<String> CLIENT_OPTIONS = List.of("--rt-priority", "20", "--receive-threads", "1",
            "--spin-micros", "0", "--sockets", "8");
    /**
     * How many datagrams a guest buffers per socket at the paper's scale: Xen's 256-slot ring plus a guest socket
     * buffer held about 10 ms of the paper's 40,000 packets a second, twice that here, where a wake-up is seen up to a
     * poll late. A fixed size, as a ring is: scaled with the stream count, it holds 20 ms at the mixed workload's load
     * and longer at a lighter one. A descheduled domain then drops packets after a while, as on Xen, instead of
     * queueing seconds of them in this machine's large buffers.
     */
    private static final int GUEST_BUFFERED_DATAGRAMS_AT_PAPER_SCALE = 800;
    /** What one 172-byte datagram costs a receive buffer here (measured: the kernel's skb truesize). */
    private static final int DATAGRAM_TRUESIZE_BYTES = 832;
    private static final int MIN_SOCKET_BUFFER_BYTES = 4096;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final KnobJournal journal;
    private final EmulatedCalibration calibration;
    private final WorkloadStack stack;
    private final List<String> guestSocketBuffer;
    private final List<AppliedKnob> applied = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, DomainCgroup> domains = new LinkedHashMap<>();
    private WorkloadStack.Servers targets;
    private WorkloadStack.Running relay;
    private Process scheduler;
    /** A {@code taskset} prefix keeping a program off the host's CPUs, when the profile leaves some out. */
    private List<String> outsideTheHost = List.of();
    private Path schedulerLog;

    private EmulatedRun(KnobJournal journal, Path directory, double streamScale, Optional<StreamFleet> fleet,
            EmulatedCalibration calibration) {
        this.journal = journal;
        this.calibration = calibration;
        this.guestSocketBuffer = List.of("--socket-buffer", Integer.toString(guestSocketBufferBytes(streamScale)));
        List<String> mediaServerOptions = new ArrayList<>(guestSocketBuffer);
        if (calibration.mediaGuestWorkMicros() > 0) {
            mediaServerOptions.addAll(List.of("--guest-work-micros", Integer.toString(calibration.mediaGuestWorkMicros())));
        }
        this.stack = new WorkloadStack(this::launch, directory, CLIENT_OPTIONS, mediaServerOptions, fleet);
    }

    /** The SO_RCVBUF that holds a guest's datagrams at the host's stream scale (the kernel doubles it). */
    static int guestSocketBufferBytes(double streamScale) {
        long datagrams = Math.round(GUEST_BUFFERED_DATAGRAMS_AT_PAPER_SCALE * streamScale);
        return (int) Math.max(MIN_SOCKET_BUFFER_BYTES, datagrams * DATAGRAM_TRUESIZE_BYTES / 2);
    }

    static EmulatedRun start(EmulatedHost host, SchedulerMode mode, Configuration configuration, Path directory,
            EmulatedCalibration calibration) {
        KnobJournal journal;
        try {
            journal = KnobJournal.open(KnobJournal.newRunId() + "-" + RUNS.incrementAndGet(), System.out);
        } catch (IOException unusable) {
            throw new HostException("cannot open the knob journal in " + KnobJournal.defaultDirectory() + ": "
                    + unusable.getMessage() + " (set -D" + KnobJournal.DIR_PROPERTY + ")", unusable);
        }
        EmulatedRun run = new EmulatedRun(journal, directory, host.profile().streamScaleOrDefault(),
                ProfileGenerators.of(host.profile().generators()), calibration);
        try {
            run.provision(host, mode, configuration, directory);
            return run;
        } catch (HostNotReadyException notReady) {
            run.close();
            throw new HostException(notReady.getMessage(), notReady);
        } catch (IOException | RuntimeException failed) {
            try {
                run.close();
            } catch (RuntimeException restoreFailed) {
                failed.addSuppressed(restoreFailed);
            }
            throw failed instanceof HostException hostFailure ? hostFailure
                    : new HostException("provisioning " + configuration.id() + " failed: " + failed, failed);
        }
    }

    private void provision(EmulatedHost host, SchedulerMode mode, Configuration configuration, Path directory)
            throws IOException {
        journal.leftBehindReports().forEach(report -> notes.add("restored a journal a killed run left behind: "
                + report.journal() + " (" + report.steps().size() + " steps)"));
        Cgroups cgroups = Cgroups.detect(journal);
        Workload workload = configuration.workload();
        EmulatedKnobs knobs = EmulatedKnobs.of(configuration.tuning(), host.profile().coreCount());
        int cores = knobs.cores();
        SortedSet<Integer> online = cgroups.onlineCpus();
        SortedSet<Integer> physical = host.profile().physicalCpus() == null || host.profile().physicalCpus().isBlank()
                ? online : new TreeSet<>(toList(CpuSet.parse(host.profile().physicalCpus())));
        CoreFolding folding = CoreFolding.of(cores, host.profile().coreCount(), physical);
        notes.add("emulated host, " + mode + " scheduler, " + folding.describe()
                + (folding.folds() ? " (more logical cores than CPUs: each logical core is a share of its CPU)" : ""));
        SortedSet<Integer> outside = new TreeSet<>(online);
        outside.removeAll(folding.physicalInUse());
        if (!outside.isEmpty()) {
            outsideTheHost = List.of("taskset", "-c", CpuList.format(outside));
            notes.add((mode == SchedulerMode.CREDIT ? "the clients and the credit scheduler run on CPU "
                    : "the clients run on CPU ") + CpuList.format(outside) + ", off the host's CPUs"
                    + (mode == SchedulerMode.CREDIT ? ": the scheduler's polling costs far more than Xen's"
                            + " scheduler, which no guest would pay for" : ""));
        }
        notes.add("all guest traffic crosses the Dom0 relay" + (knobs.vmmBypass() ? ", except media (VMM bypass)" : "")
                + "; clients run outside the domains, their packet threads at real-time priority, standing for the"
                + " paper's client PCs");
        List<String> present = new ArrayList<>();
        present.add(Role.DOM0);
        present.addAll(workload.guestDomains());
        for (String domain : present) {
            domains.put(domain, cgroups.createDomain(journal.runId(), domain));
        }
        // the domains boot (their programs start, bind and compile) before the scheduler takes over, as VMs
        // are up before an experiment starts: a JVM's start-up burns credits a running VM would not. The packet
        // path warms up before the CPU-bound load starts, as on the native host: beside two CPU hogs, servers
        // still compiling their packet path could not keep up and answered nothing for seconds
        notes.add(calibration.host().isEmpty() ? "uncalibrated: the bare relay and media server, not the paper's regime"
                + " (docs/emulated-host.md, \"Calibration\")" : calibration.describe());
        WorkloadStack.Servers servers = stack.launchServers(workload);
        startRelay(knobs, servers, host.dom0WorkMicros() > 0 ? host.dom0WorkMicros() : calibration.dom0WorkMicros());
        stack.awaitListening(servers);
        stack.warmUpPacketPath(workload, targets);
        stack.startCpuBoundLoad(workload);
        if (mode == SchedulerMode.CREDIT) {
            startCreditScheduler(knobs, workload, present, folding, directory);
        } else {
            applyToCgroups(knobs, workload, present, folding);
        }
        stack.settle();
        if (scheduler != null && !scheduler.isAlive()) {
            throw new HostException("the credit scheduler exited with " + scheduler.exitValue() + ": "
                    + Files.readString(schedulerLog));
        }
    }

    private void startCreditScheduler(EmulatedKnobs knobs, Workload workload, List<String> present, CoreFolding folding,
            Path directory) throws IOException {
        int cores = folding.logicalCores();
        List<DomainConfig> configs = new ArrayList<>();
        for (String domain : present) {
            int vcpus = workload.vcpus(domain, cores);
            int cap = knobs.capPercent(domain, present, vcpus);
            SortedSet<Integer> affinity = new TreeSet<>(toList(knobs.affinity(domain)));
            configs.add(new DomainConfig(domain, vcpus, knobs.weight(domain), cap, affinity,
                    domains.get(domain).paths()));
            applied.add(new AppliedKnob(domain, "credit", knobs.asked(domain),
                    vcpus + " vCPU" + (vcpus > 1 ? "s" : "") + ", weight " + knobs.weight(domain) + ", cap "
                            + (cap == 0 ? "none" : cap + " % of a logical core") + ", logical cores "
                            + CpuSet.of(affinity.stream().mapToInt(Integer::intValue).toArray())));
        }
        Path config = directory.resolve("credit-scheduler.json");
        CreditSchedulerConfig scheduling = CreditSchedulerConfig.of(folding.logicalToPhysical(), configs);
        if (calibration.cpuPerLogicalCore() < scheduling.cpuPerLogicalCore()) {
            scheduling = scheduling.withCpuPerLogicalCore(calibration.cpuPerLogicalCore());
        }
        scheduling.write(config);
        schedulerLog = directory.resolve("credit-scheduler.log");
        List<String> command = new ArrayList<>(outsideTheHost);
        command.addAll(Programs.compiledForRealTime(Programs.command("credit-scheduler",
                List.of("--config", config.toString(), "--rt-priority", SCHEDULER_RT_PRIORITY))));
        scheduler = journal.start(new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(schedulerLog.toFile()));
    }

    private void applyToCgroups(EmulatedKnobs knobs, Workload workload, List<String> present, CoreFolding folding)
            throws IOException {
        int cores = folding.logicalCores();
        double physicalPerLogical = (double) folding.physicalInUse().size() / cores;
        for (String domain : present) {
            DomainCgroup cgroup = domains.get(domain);
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

    private void startRelay(EmulatedKnobs knobs, WorkloadStack.Servers servers, int dom0WorkMicros) {
        List<String> arguments = new ArrayList<>(guestSocketBuffer);
        arguments.addAll(List.of("--threads", Integer.toString(EmulatedCalibration.RELAY_THREADS)));
        if (dom0WorkMicros > 0) {
            arguments.addAll(List.of("--work-micros", Integer.toString(dom0WorkMicros)));
            notes.add("the Dom0 relay spends " + dom0WorkMicros + " us of CPU per forwarded packet on "
                    + EmulatedCalibration.RELAY_THREADS + " threads (netback's per-packet cost)");
        }
        InetSocketAddress media = servers.media();
        if (!knobs.vmmBypass()) {
            media = stack.freeUdpAddress();
            arguments.addAll(List.of("--route", WorkloadStack.hostPort(media) + "=" + WorkloadStack.hostPort(servers.media())));
        } else {
            applied.add(new AppliedKnob(Role.MEDIA, "vmmBypass", "true",
                    "media packets go straight to the Media VM, not through the Dom0 relay"));
        }
        InetSocketAddress signaling = null;
        if (servers.signaling() != null) {
            signaling = stack.freeUdpAddress();
            arguments.addAll(List.of("--route", WorkloadStack.hostPort(signaling) + "="
                    + WorkloadStack.hostPort(servers.signaling())));
        }
        knobs.coalescing().ifPresent(coalescing -> {
            arguments.addAll(List.of("--coalesce-micros", Integer.toString(coalescing.micros()), "--coalesce-frames",
                    Integer.toString(coalescing.frames())));
            applied.add(new AppliedKnob(Role.DOM0, "coalesce", coalescing.toString(), "the Dom0 relay holds packets up to "
                    + coalescing.micros() + " us or " + coalescing.frames()
                    + " frames (loopback has no NIC interrupts to coalesce with ethtool)"));
        });
        targets = new WorkloadStack.Servers(media, signaling);
        if (!arguments.stream().anyMatch("--route"::equals)) {
            return;
        }
        relay = stack.start(Role.DOM0, "relay", arguments);
        stack.awaitUdpBound(knobs.vmmBypass() ? signaling : media);
        if (signaling != null) {
            stack.awaitUdpBound(signaling);
        }
    }

    private Process launch(String domain, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (ProgramLauncher.CLIENTS.equals(domain)) {
            full.addAll(outsideTheHost);
            full.addAll(Programs.compiledForRealTime(command));
        } else {
            full.addAll(command);
        }
        Process process = journal.start(new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()));
        DomainCgroup cgroup = domains.get(domain);
        if (cgroup != null) {
            cgroup.addProcess(process.pid());
        }
        return process;
    }

    @Override
    public List<AppliedKnob> applied() {
        return List.copyOf(applied);
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException {
        Measurement clients = stack.runClients(workload, targets, Map.of());
        Map<String, String> statistics = new LinkedHashMap<>();
        // everything stops at once; the relay and the scheduler print their statistics as they exit
        if (scheduler != null) {
            scheduler.destroy();
        }
        stack.close();
        if (relay != null) {
            lastJsonLine(relay.log()).ifPresent(line -> statistics.put("relay", line));
        }
        if (scheduler != null) {
            scheduler.waitFor();
            lastJsonLine(schedulerLog)
                    .ifPresent(line -> statistics.put(MediaRun.CREDIT_SCHEDULER_STATISTICS, line));
        }
        return clients.withHostStatistics(statistics);
    }

    /** Stops every process of the run, then undoes every journaled change and checks each read-back. */
    @Override
    public void close() {
        stack.close();
        RestoreReport report;
        try {
            report = journal.restore();
            journal.close();
        } catch (IOException failed) {
            throw new HostException("restoring the emulated host failed: " + failed.getMessage()
                    + "; run `java -jar workloads/target/telvirt.jar host restore`", failed);
        }
        if (!report.verified()) {
            throw new HostException("the emulated host was not fully restored (" + report.failures()
                    + " steps failed; journal " + report.journal() + "): run `java -jar workloads/target/telvirt.jar"
                    + " host restore`");
        }
    }

    private static List<Integer> toList(CpuSet cpus) {
        return java.util.Arrays.stream(cpus.toArray()).boxed().toList();
    }

    private static Optional<String> lastJsonLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("{")) {
                    return Optional.of(lines.get(i));
                }
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
