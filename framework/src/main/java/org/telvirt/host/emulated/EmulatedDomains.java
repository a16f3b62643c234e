package org.telvirt.host.emulated;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.telvirt.Configuration;
import org.telvirt.HostException;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.BootedHost;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.LocalJournal;
import org.telvirt.host.LogSegments;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.Programs;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.cgroup.HostNotReadyException;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.machine.GuestHaltPolling;
import org.telvirt.knob.CpuSet;
import org.telvirt.workloads.relay.RelayCommand;

/**
 * The emulated host's domains, kept running across configurations as a Xen host's VMs are: the cgroups, the media
 * and signaling servers, the CPU-bound VMs and the Dom0 relay start once, and each configuration brings only what
 * its knobs need ({@link DomainReuse}): a relay with other arguments, its own credit scheduler, its clients. Every
 * change goes through one knob journal, so closing the domains, or the next run after a killed JVM, puts the
 * machine back exactly as it was.
 */
final class EmulatedDomains implements BootedHost {
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
    /**
     * How long the guests' sockets get to empty between configurations. With every domain thawed and no client
     * sending, a guest handles what it holds (at most a buffer's 20 ms of the load) within milliseconds; a socket
     * still holding datagrams after this is a guest that stopped reading, and its domains are not reused.
     */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(1);
    /** How long the relay may take to close its flows and print a window's counters, also when Dom0 is capped. */
    private static final Duration RELAY_WINDOW_PATIENCE = Duration.ofSeconds(5);
    private static final AtomicInteger BOOTS = new AtomicInteger();

    private final EmulatedHost host;
    private final SchedulerMode mode;
    private final Path directory;
    private final List<String> guestSocketBuffer;
    private final Function<Path, EmulatedCalibration> calibrationFor;
    private EmulatedCalibration calibration;
    private final Map<String, DomainCgroup> cgroups = new LinkedHashMap<>();
    private KnobJournal journal;
    /** What this set of domains did to the machine's vCPU halting, for every configuration's notes. */
    private String haltPolling;
    private Cgroups hostCgroups;
    private SortedSet<Integer> online;
    private WorkloadStack stack;
    private Optional<DomainReuse.Domains> running = Optional.empty();
    private DomainReuse.Relay relaySpec = DomainReuse.Relay.NONE;
    private WorkloadStack.Running relay;
    private WorkloadStack.Servers servers;
    private WorkloadStack.Servers targets;
    /** A {@code taskset} prefix keeping the clients off the current configuration's CPUs, when it leaves some out. */
    private List<String> outsideTheHost = List.of();
    private SchedulerProcess scheduler;
    private EmulatedRun current;
    private int configurations;
    private String unusable;

    /**
     * Domains of {@code host} whose own logs go to {@code directory}; {@code calibrationFor} gives the host's
     * calibration (measured, the first time, beside the result directory it is given) before the domains boot.
     */
    EmulatedDomains(EmulatedHost host, SchedulerMode mode, Path directory,
            Function<Path, EmulatedCalibration> calibrationFor) {
        this.host = host;
        this.mode = mode;
        this.directory = directory;
        this.calibrationFor = calibrationFor;
        this.guestSocketBuffer = List.of("--socket-buffer",
                Integer.toString(guestSocketBufferBytes(host.profile().streamScaleOrDefault())));
    }

    /** The SO_RCVBUF that holds a guest's datagrams at the host's stream scale (the kernel doubles it). */
    static int guestSocketBufferBytes(double streamScale) {
        long datagrams = Math.round(GUEST_BUFFERED_DATAGRAMS_AT_PAPER_SCALE * streamScale);
        return (int) Math.max(MIN_SOCKET_BUFFER_BYTES, datagrams * DATAGRAM_TRUESIZE_BYTES / 2);
    }

    @Override
    public synchronized HostRun provision(Configuration configuration, Path resultDirectory) {
        if (unusable != null) {
            throw new HostException("the emulated host's domains cannot carry another configuration: " + unusable);
        }
        if (current != null) {
            throw new IllegalStateException("configuration " + current.configuration().id() + " still runs on these"
                    + " domains");
        }
        Workload workload = configuration.workload();
        EmulatedKnobs knobs = EmulatedKnobs.of(configuration.tuning(), host.profile().coreCount());
        DomainReuse.Domains domains = DomainReuse.Domains.of(workload);
        if (calibration == null) {
            // before the journal and the cgroups: a first calibration boots domains of its own
            calibration = calibrationFor.apply(resultDirectory);
        }
        DomainReuse.Relay nextRelay = DomainReuse.Relay.of(knobs, hostRelayOptions(), domains.hasSignaling());
        DomainReuse.Change change = DomainReuse.between(running, relaySpec, domains, nextRelay);
        List<String> notes = new ArrayList<>();
        try {
            if (change.boot()) {
                shutDown();
                openJournal(notes);
            }
            CoreFolding folding = folding(knobs);
            SortedSet<Integer> outside = new TreeSet<>(online);
            outside.removeAll(folding.physicalInUse());
            outsideTheHost = outside.isEmpty() ? List.of() : List.of("taskset", "-c", CpuList.format(outside));
            if (change.boot()) {
                boot(domains, workload, nextRelay, change.reason(), notes);
            } else {
                configurations++;
                notes.add("the domains (servers, CPU-bound VMs" + (change.restartRelay() ? "" : ", the Dom0 relay")
                        + ") kept running from the configuration before, this one the " + ordinal(configurations)
                        + " on them (logs of the whole set in " + directory + ")");
                if (change.restartRelay()) {
                    notes.add("the Dom0 relay restarted and its path warmed up again: " + change.reason());
                    startRelay(nextRelay);
                    stack.warmUpPacketPath(workload, targets);
                }
            }
            notes.add(haltPolling);
            drain(notes);
            closeRelayWindow();
            current = EmulatedRun.start(this, mode, configuration, knobs, folding, outside, resultDirectory, notes);
            return current;
        } catch (HostNotReadyException notReady) {
            throw failed(configuration, new HostException(notReady.getMessage(), notReady));
        } catch (IOException | RuntimeException failure) {
            throw failed(configuration, failure instanceof HostException hostFailure ? hostFailure
                    : new HostException("provisioning " + configuration.id() + " failed: " + failure, failure));
        }
    }

    /** A configuration that failed half-way leaves the domains in no known state: none is run on them again. */
    private HostException failed(Configuration configuration, HostException failure) {
        unusable = "provisioning configuration " + configuration.id() + " on them failed: " + failure.getMessage();
        try {
            shutDown();
        } catch (RuntimeException restoreFailed) {
            failure.addSuppressed(restoreFailed);
        }
        return failure;
    }

    private void openJournal(List<String> notes) throws IOException {
        journal = LocalJournal.open(Integer.toString(BOOTS.incrementAndGet()));
        journal.leftBehindReports().forEach(report -> notes.add("restored a journal a killed run left behind: "
                + report.journal() + " (" + report.steps().size() + " steps)"));
        Cgroups detected = Cgroups.detect(journal);
        haltPolling = GuestHaltPolling.enable(journal, GuestHaltPolling.PARAMETER);
        online = detected.onlineCpus();
        cgroups.clear();
        List<String> mediaServerOptions = new ArrayList<>(guestSocketBuffer);
        if (calibration.mediaGuestWorkMicros() > 0) {
            mediaServerOptions.addAll(List.of("--guest-work-micros", Integer.toString(calibration.mediaGuestWorkMicros())));
        }
        stack = new WorkloadStack(this::launch, directory, EmulatedRun.CLIENT_OPTIONS, mediaServerOptions,
                ProfileGenerators.of(host.profile().generators()));
        hostCgroups = detected;
    }

    /**
     * Creates the domains and starts their programs. They boot (start, bind and compile) before any scheduler takes
     * over, as VMs are up before an experiment starts: a JVM's start-up burns credits a running VM would not. The
     * packet path warms up before the CPU-bound load starts: beside two CPU hogs, servers still compiling their
     * packet path could not keep up and answered nothing for seconds.
     */
    private void boot(DomainReuse.Domains domains, Workload workload, DomainReuse.Relay relayNeeded, String why,
            List<String> notes) throws IOException {
        for (String domain : domains.present()) {
            cgroups.put(domain, hostCgroups.createDomain(journal.runId(), domain));
        }
        servers = stack.launchServers(workload);
        startRelay(relayNeeded);
        stack.awaitListening(servers);
        stack.warmUpPacketPath(workload, targets);
        stack.startCpuBoundLoad(workload);
        running = Optional.of(domains);
        configurations = 1;
        notes.add("the domains (" + String.join(", ", domains.present()) + ") booted for this configuration (" + why
                + "): servers, Dom0 relay and CPU-bound VMs keep running for the configurations after it that need the"
                + " same (logs of the whole set in " + directory + ")");
    }

    private CoreFolding folding(EmulatedKnobs knobs) {
        SortedSet<Integer> physical = host.profile().physicalCpus() == null || host.profile().physicalCpus().isBlank()
                ? online : CpuList.parse(host.profile().physicalCpus());
        return CoreFolding.of(knobs.cores(), host.profile().coreCount(), physical);
    }

    /** The relay's options that are the host's: the guests' socket buffer, its threads, its work per packet. */
    private List<String> hostRelayOptions() {
        List<String> options = new ArrayList<>(guestSocketBuffer);
        options.addAll(List.of("--threads", Integer.toString(EmulatedCalibration.RELAY_THREADS)));
        if (dom0WorkMicros() > 0) {
            options.addAll(List.of("--work-micros", Integer.toString(dom0WorkMicros())));
        }
        return options;
    }

    /** Replaces the running relay (if any) with one of {@code spec}, on fresh ports, and waits until it listens. */
    private void startRelay(DomainReuse.Relay spec) {
        if (relay != null) {
            stack.stop(relay);
            relay = null;
        }
        relaySpec = spec;
        List<String> arguments = new ArrayList<>(spec.options());
        InetSocketAddress media = servers.media();
        if (spec.routesMedia()) {
            media = stack.freeUdpAddress();
            arguments.addAll(List.of("--route", WorkloadStack.hostPort(media) + "=" + WorkloadStack.hostPort(servers.media())));
        }
        InetSocketAddress signaling = null;
        if (servers.signaling() != null) {
            signaling = servers.signaling();
            if (spec.routesSignaling()) {
                signaling = stack.freeUdpAddress();
                arguments.addAll(List.of("--route", WorkloadStack.hostPort(signaling) + "="
                        + WorkloadStack.hostPort(servers.signaling())));
            }
        }
        targets = new WorkloadStack.Servers(media, signaling);
        if (!spec.runs()) {
            return;
        }
        relay = stack.start(Role.DOM0, "relay", arguments);
        stack.awaitUdpBound(spec.routesMedia() ? media : signaling);
        if (spec.routesMedia() && signaling != null) {
            stack.awaitUdpBound(signaling);
        }
    }

    /**
     * Waits until no domain program's socket holds a datagram: what the configuration before left in the guests'
     * buffers (or a warm-up's last packets) must not be counted, or delayed behind, in this one.
     */
    private void drain(List<String> notes) throws IOException {
        long started = System.nanoTime();
        long left = GuestSockets.awaitEmpty(stack.pids(), DRAIN_LIMIT);
        if (left > 0) {
            throw new HostException("the guests' sockets still held " + left + " bytes " + DRAIN_LIMIT.toMillis()
                    + " ms after the clients stopped: a domain stopped reading");
        }
        notes.add(String.format(Locale.ROOT, "the guests' sockets were empty %.0f ms after the last client"
                + " before this configuration stopped", (System.nanoTime() - started) / 1e6));
    }

    /**
     * Ends the relay's current measured window: it closes every client flow (so no finished client's sockets outlive
     * it) and prints what it did since the last window; that line, or empty without a relay.
     */
    Optional<String> closeRelayWindow() {
        if (relay == null) {
            return Optional.empty();
        }
        try {
            long from = Files.size(relay.log());
            OutputStream control = relay.process().getOutputStream();
            control.write((RelayCommand.WINDOW_COMMAND + "\n").getBytes(StandardCharsets.US_ASCII));
            control.flush();
            long deadline = System.nanoTime() + RELAY_WINDOW_PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> line = EmulatedRun.lastLine(relay.log(), from, text -> text.startsWith("{"));
                if (line.isPresent()) {
                    return line;
                }
                if (!relay.process().isAlive()) {
                    break;
                }
                Thread.sleep(2);
            }
        } catch (IOException unreachable) {
            throw new HostException("cannot ask the Dom0 relay for its counters: " + unreachable.getMessage()
                    + "; see " + relay.log(), unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while the Dom0 relay closed its window");
        }
        throw new HostException("the Dom0 relay printed no counters within " + RELAY_WINDOW_PATIENCE.toSeconds()
                + " s of being asked; see " + relay.log());
    }

    HostProfile hostProfile() {
        return host.profile();
    }

    /** CPU the relay spends per forwarded packet: the profile's setting, else the calibration's. */
    int dom0WorkMicros() {
        return host.dom0WorkMicros() > 0 ? host.dom0WorkMicros() : calibration.dom0WorkMicros();
    }

    EmulatedCalibration calibration() {
        return calibration;
    }

    WorkloadStack.Servers targets() {
        return targets;
    }

    DomainCgroup cgroup(String domain) {
        return cgroups.get(domain);
    }

    List<String> present() {
        return running.map(DomainReuse.Domains::present).orElse(List.of());
    }

    KnobJournal journal() {
        return journal;
    }

    /** The logs of the domains' programs, whose parts written during a configuration go into its results. */
    List<Path> logs() {
        return stack.logs();
    }

    /**
     * A configuration ended, {@code failure} saying how it failed to end cleanly (empty when it did): domains whose
     * program died, or whose configuration did not end, cannot carry the next one.
     */
    synchronized void ended(EmulatedRun run, Optional<String> failure) {
        if (current == run) {
            current = null;
        }
        if (unusable == null) {
            failure.ifPresent(reason -> unusable = "ending configuration " + run.configuration().id() + " failed: "
                    + reason);
        }
        if (unusable == null && stack != null) {
            exited().ifPresent(died -> unusable = "after configuration " + run.configuration().id() + ", " + died);
        }
    }

    /** A program of the domains that has exited (a server, the relay, a CPU-bound VM, the scheduler), or empty. */
    private Optional<String> exited() {
        Optional<String> program = stack.exited();
        if (program.isEmpty() && scheduler != null && !scheduler.isAlive()) {
            return Optional.of("the credit scheduler exited: " + WorkloadStack.tail(scheduler.log()));
        }
        return program;
    }

    @Override
    public synchronized Optional<String> unusableReason() {
        if (unusable == null && current == null && stack != null) {
            exited().ifPresent(died -> unusable = died);
        }
        return Optional.ofNullable(unusable);
    }

    /**
     * Has the credit scheduler schedule the configuration in {@code config}: the running scheduler, if it runs off the
     * same CPUs, else a new one off the configuration's; its log is marked in {@code logs} before it hears of the
     * configuration, so the run keeps what it printed for it.
     */
    SchedulerProcess schedule(Path config, LogSegments logs, List<String> notes) throws IOException {
        if (scheduler != null && scheduler.isAlive() && scheduler.taskset().equals(outsideTheHost)) {
            logs.add(scheduler.log());
            long started = System.nanoTime();
            scheduler.schedule(config);
            notes.add(String.format(Locale.ROOT, "the credit scheduler kept running from the configuration before"
                    + " schedules this one's knobs since %.0f ms after it was told them", (System.nanoTime() - started) / 1e6));
            return scheduler;
        }
        if (scheduler != null) {
            scheduler.stop();
        }
        Path log = uniqueLog("credit-scheduler");
        logs.add(log);
        long started = System.nanoTime();
        scheduler = SchedulerProcess.start(journal::start, outsideTheHost, config, log);
        notes.add(String.format(Locale.ROOT, "a credit scheduler started for this configuration (%s) schedules it"
                + " since %.0f ms after it was started", outsideTheHost.isEmpty() ? "on the host's CPUs"
                : "off the host's CPUs, " + String.join(" ", outsideTheHost), (System.nanoTime() - started) / 1e6));
        return scheduler;
    }

    private Path uniqueLog(String program) {
        Path log = directory.resolve(program + ".log");
        for (int i = 2; Files.exists(log); i++) {
            log = directory.resolve(program + "-" + i + ".log");
        }
        return log;
    }

    /** Starts a program in a domain's cgroup; the clients outside every domain, off the configuration's CPUs. */
    Process launch(String domain, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (ProgramLauncher.CLIENTS.equals(domain)) {
            full.addAll(outsideTheHost);
            full.addAll(Programs.compiledForRealTime(command));
        } else {
            full.addAll(command);
        }
        Process process = journal.start(new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()));
        DomainCgroup cgroup = cgroups.get(domain);
        if (cgroup != null) {
            cgroup.addProcess(process.pid());
        }
        return process;
    }

    /** Stops every program of the domains, then undoes every journaled change and checks each read-back. */
    @Override
    public synchronized void close() {
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            shutDown();
        }
    }

    private void shutDown() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
        if (stack != null) {
            stack.close();
            stack = null;
        }
        running = Optional.empty();
        relay = null;
        relaySpec = DomainReuse.Relay.NONE;
        cgroups.clear();
        if (journal == null) {
            return;
        }
        try {
            LocalJournal.restore(journal, "emulated host");
        } finally {
            journal = null;
        }
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    static List<Integer> toList(CpuSet cpus) {
        return java.util.Arrays.stream(cpus.toArray()).boxed().toList();
    }
}
