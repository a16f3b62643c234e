package org.telvirt.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.HostException;
import org.telvirt.workloads.signaling.SignalingClientCommand;

/**
 * The processes of one run: servers in their domains, then the clients; all stopped on close, in
 * reverse order. Shared by every local host, which differ only in how they launch a program into
 * a domain and in what sits on the packet path.
 */
public final class WorkloadStack implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** How long the client may take beyond its warm-up and measured seconds (start-up and drain). */
    private static final Duration CLIENT_SLACK = Duration.ofSeconds(30);
    /**
     * How long the signaling client runs beyond the media client's warm-up and measured seconds: it starts first,
     * and the media client's own start-up would otherwise measure its last second without signaling load.
     */
    private static final int SIGNALING_EXTRA_SECONDS = 2;
    /** The signaling client's own limit for the calls still up at its end to finish (its {@code --drain}). */
    private static final Duration SIGNALING_DRAIN = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    /** How long the programs started last get to start up before the clients start: see {@link #settle()}. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    private static final int CPU_BOUND_PERIOD_MILLIS = 10;
    private static final double CPU_BOUND_DUTY_CYCLE = 0.9;
    private static final int SIGNALING_WORK_MICROS = 200;
    private static final int FREE_PORT_PROBES = 100;
    /** Less free space than this where the results go means the disk filled up during the run. */
    private static final long FULL_DISK_BYTES = 64 << 10;

    private final ProgramLauncher launcher;
    private final Path directory;
    private final List<String> clientOptions;
    private final List<String> mediaServerOptions;
    private final Optional<StreamFleet> fleet;
    /** Where the servers listen: loopback, or an address the remote generators reach. */
    private final InetAddress serverAddress;
    private final Deque<Running> running = new ArrayDeque<>();
    /**
     * Ports already given to this stack's programs. A program binds its port a moment after it starts, so until then a
     * probe can find that port free again; two programs given one port would both bind it (they set SO_REUSEPORT) and
     * the kernel would split its datagrams between them: a relay sharing the media server's port loops media back
     * into itself, and the run loses every packet.
     */
    private final Set<Integer> portsGivenOut = new HashSet<>();

    public WorkloadStack(ProgramLauncher launcher, Path directory) {
        this(launcher, directory, List.of(), List.of(), Optional.empty());
    }

    /**
     * With extra {@code rtp-client} options, e.g. for clients that share their CPUs with the host, extra
     * {@code media-server} options, e.g. a guest's socket buffers, and the host profile's {@code generators} (null:
     * one client on this machine), which send the streams instead; {@code clientOptions} then apply to the local
     * generator only.
     */
    public WorkloadStack(ProgramLauncher launcher, Path directory, List<String> clientOptions,
            List<String> mediaServerOptions, Optional<StreamFleet> fleet) {
        this.launcher = launcher;
        this.directory = directory;
        this.clientOptions = List.copyOf(clientOptions);
        this.mediaServerOptions = List.copyOf(mediaServerOptions);
        this.fleet = fleet;
        this.serverAddress = fleet.map(StreamFleet::serverAddress).orElse(InetAddress.getLoopbackAddress());
    }

    /** The server addresses clients send to. */
    public record Servers(InetSocketAddress media, InetSocketAddress signaling) {
    }

    /** Starts the media and signaling servers, each in its domain, and waits until they listen. */
    public Servers startServers(Workload workload) {
        Servers servers = launchServers(workload);
        awaitListening(servers);
        return servers;
    }

    /** Starts the media and signaling servers without waiting for them: see {@link #awaitListening(Servers)}. */
    public Servers launchServers(Workload workload) {
        InetSocketAddress media = freeUdpAddress();
        List<String> mediaArguments = new ArrayList<>(List.of("--bind", hostPort(media), "--threads",
                Integer.toString(workload.mediaVcpus()), "--work-micros", Integer.toString(workload.mediaWorkMicros())));
        mediaArguments.addAll(mediaServerOptions);
        start(Role.MEDIA, "media-server", mediaArguments);
        InetSocketAddress signaling = null;
        if (workload.callsPerSecond() > 0) {
            signaling = freeUdpAddress();
            Path callLog = directory.resolve("call-log");
            createDirectories(callLog);
            start(Role.SIGNALING, "signaling-server", List.of("--bind", hostPort(signaling), "--work-micros",
                    Integer.toString(SIGNALING_WORK_MICROS), "--call-log", callLog.toString()));
        }
        return new Servers(media, signaling);
    }

    /** Waits until the servers {@link #launchServers(Workload)} started have bound their ports. */
    public void awaitListening(Servers servers) {
        awaitUdpBound(servers.media());
        if (servers.signaling() != null) {
            awaitUdpBound(servers.signaling());
        }
    }

    /** Starts the CPU-bound VMs' load, each in its domain. */
    public void startCpuBoundLoad(Workload workload) {
        for (String cpuBound : workload.guestDomains()) {
            if (Role.CPU_BOUND_VMS.contains(cpuBound)) {
                start(cpuBound, "cpu-bound", List.of("--threads", "1", "--duty-cycle",
                        Double.toString(CPU_BOUND_DUTY_CYCLE), "--period-ms", Integer.toString(CPU_BOUND_PERIOD_MILLIS)));
            }
        }
    }

    /**
     * Sends the workload's media streams through the packet path for {@link #WARM_UP} and discards the result: the
     * servers' code is compiled before the experiment, as on VMs that have carried calls before, rather than during
     * the measurement, where a cold start costs about a second of lost packets.
     */
    public void warmUpPacketPath(Workload workload, Servers targets) {
        List<String> options = new ArrayList<>(clientOptions);
        // nothing of the warm-up is kept, so it need not wait for its last packets
        options.addAll(List.of("--drain", "0s"));
        RtpClientRun warmUp = new RtpClientRun(targets.media(), workload.streams(), (int) WARM_UP.toSeconds(), 0, null,
                options);
        Path summary = directory.resolve("warm-up-summary.json");
        Path histogram = directory.resolve("warm-up.hlog");
        Path streams = directory.resolve("warm-up-" + Measurement.PER_STREAM_CSV);
        Running client = startRtpClient(warmUp, summary, histogram, streams, "warm-up-client");
        try {
            awaitRtpClient(client, warmUp, summary, histogram);
            // done: what runs on in the stack is what a later configuration may rely on
            forget(client);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while warming up the packet path");
        }
    }

    /**
     * Gives the programs started last (the CPU-bound VMs' load; on the emulated host also its credit scheduler) time to
     * load and compile before the clients start. On a real host they run long before an experiment; started with it,
     * their JVMs' start-up took CPU from the media path and lost packets in the measurement's first second.
     */
    public void settle() {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while the programs started last were starting up");
        }
    }

    /**
     * Runs the media clients against {@code mediaTarget} (and the signaling load against
     * {@code signalingTarget}, when the workload has calls) and waits for their summaries. With
     * generators, the streams are split across them and their results merged.
     */
    public Measurement runClients(Workload workload, Servers targets, Map<String, String> hostStatistics)
            throws InterruptedException {
        return runClients(workload, targets, hostStatistics, Optional.empty());
    }

    /**
     * As {@link #runClients(Workload, Servers, Map)}, a lone media client sending its first packet no earlier than
     * {@code notBefore}: its start-up runs while the host settles, and a start-up that takes longer starts at once.
     * Generators keep their own common start.
     */
    public Measurement runClients(Workload workload, Servers targets, Map<String, String> hostStatistics,
            Optional<Instant> notBefore) throws InterruptedException {
        Running signalingClient = null;
        int signalingSeconds = workload.warmupSeconds() + workload.seconds() + SIGNALING_EXTRA_SECONDS;
        Path signalingSummary = directory.resolve(Measurement.SIGNALING_SUMMARY);
        if (targets.signaling() != null) {
            signalingClient = start(ProgramLauncher.CLIENTS, "signaling-client", List.of("--server",
                    hostPort(targets.signaling()), "--calls-per-second", String.format(Locale.ROOT, "%.3f", workload.callsPerSecond()),
                    "--hold", workload.holdSeconds() + "s", "--duration", signalingSeconds + "s",
                    "--drain", SIGNALING_DRAIN.toSeconds() + "s", "--summary", signalingSummary.toString()));
        }
        List<String> mediaOptions = new ArrayList<>(clientOptions);
        notBefore.ifPresent(instant -> mediaOptions.addAll(List.of("--not-before",
                Long.toString(instant.toEpochMilli()))));
        RtpClientRun media = new RtpClientRun(targets.media(), workload.streams(), workload.seconds(),
                workload.warmupSeconds(), null, mediaOptions);
        Measurement measurement;
        if (fleet.isEmpty()) {
            Path summary = directory.resolve("summary.json");
            Path histogram = directory.resolve(MediaRun.DELAY_LOG);
            Path streams = directory.resolve(Measurement.PER_STREAM_CSV);
            awaitRtpClient(startRtpClient(media, summary, histogram, streams), media, summary, histogram);
            measurement = new Measurement(summary, histogram, streams, hostStatistics);
        } else {
            measurement = fleet.get().run(media, this, directory, hostStatistics);
        }
        if (signalingClient == null) {
            return measurement;
        }
        endCalls(signalingClient);
        awaitSignalingClient(signalingClient, Duration.ofSeconds(signalingSeconds), signalingSummary);
        return measurement.withSignalingSummary(signalingSummary);
    }

    /**
     * The media measurement is over: the signaling client, which runs {@link #SIGNALING_EXTRA_SECONDS} longer in case
     * the media client was slow to start, ends its calls now rather than load a host nobody measures any more.
     */
    private static void endCalls(Running signalingClient) {
        try {
            OutputStream commands = signalingClient.process.getOutputStream();
            commands.write((SignalingClientCommand.STOP_COMMAND + "\n").getBytes(StandardCharsets.US_ASCII));
            commands.flush();
        } catch (IOException exited) {
            // it ended by itself; its exit code and summary tell how
        }
    }

    /**
     * Waits for the signaling client, which runs a little longer than the media, and its summary: the call setup
     * times and failed calls are part of the run's results. One that failed never loaded the host.
     */
    private void awaitSignalingClient(Running client, Duration calls, Path summary) throws InterruptedException {
        Duration limit = calls.plus(SIGNALING_DRAIN).plus(CLIENT_SLACK);
        if (!client.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            client.process.destroyForcibly();
            throw new HostException(client.name + " did not finish within " + limit.toSeconds() + " s; see " + client.log);
        }
        if (client.process.exitValue() != 0 || !Files.isRegularFile(summary)) {
            throw new HostException(client.name + " exited with " + client.process.exitValue() + fullDisk()
                    + ", so the run had no signaling load: " + tail(client.log));
        }
    }

    /**
     * Starts an {@code rtp-client} on this machine; it streams its histogram log interval by
     * interval, so the log is written beside {@code histogram} and takes that name only once whole.
     */
    public Running startRtpClient(RtpClientRun run, Path summary, Path histogram, Path perStreamCsv) {
        return startRtpClient(run, summary, histogram, perStreamCsv, "rtp-client");
    }

    private Running startRtpClient(RtpClientRun run, Path summary, Path histogram, Path perStreamCsv, String name) {
        return start(ProgramLauncher.CLIENTS, "rtp-client", run.arguments(summary.toString(),
                partial(histogram).toString(), perStreamCsv.toString()), name);
    }

    /** Waits for a client {@link #startRtpClient} started, within its time limit, and keeps its histogram log. */
    public void awaitRtpClient(Running client, RtpClientRun run, Path summary, Path histogram)
            throws InterruptedException {
        Duration limit = run.timeLimit(CLIENT_SLACK);
        if (!client.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            client.process.destroyForcibly();
            throw new HostException(client.name + " did not finish within " + limit.toSeconds() + " s; see " + client.log);
        }
        if (client.process.exitValue() != 0 || !Files.isRegularFile(summary)) {
            throw new HostException(client.name + " exited with " + client.process.exitValue() + fullDisk() + ": "
                    + tail(client.log));
        }
        try {
            Files.move(partial(histogram), histogram, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new HostException("cannot keep the delay histogram " + histogram + ": " + failed.getMessage(), failed);
        }
    }

    private static Path partial(Path histogram) {
        return histogram.resolveSibling(histogram.getFileName() + ".partial");
    }

    /** Starts a workload program in a domain; its output goes to {@code <program>.log}. */
    public Running start(String domain, String program, List<String> arguments) {
        return start(domain, program, arguments, program);
    }

    private synchronized Running start(String domain, String program, List<String> arguments, String name) {
        Path log = directory.resolve(uniqueLogName(name));
        try {
            Process process = launcher.start(domain, Programs.command(program, arguments), log);
            Running started = new Running(name, domain, process, log);
            running.push(started);
            return started;
        } catch (IOException failed) {
            throw new HostException("cannot start " + name + " in " + domain + ": " + failed.getMessage(), failed);
        }
    }

    /** Waits until a program binds its UDP port, failing early if a program of the run died. */
    public void awaitUdpBound(InetSocketAddress address) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!UdpSockets.isBound(address.getPort())) {
            for (Running program : running) {
                if (!program.process.isAlive()) {
                    throw new HostException(program.name + " in " + program.domain + " exited with "
                            + program.process.exitValue() + " before " + hostPort(address) + " was ready: "
                            + tail(program.log));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new HostException("nothing bound " + hostPort(address) + " within " + READY_TIMEOUT.toSeconds()
                        + " s; logs in " + directory);
            }
            sleepQuietly(20);
        }
    }

    public synchronized List<Long> pids() {
        return running.stream().map(program -> program.process.pid()).toList();
    }

    /** The logs of the programs running, oldest first. */
    public synchronized List<Path> logs() {
        List<Path> logs = new ArrayList<>();
        running.descendingIterator().forEachRemaining(program -> logs.add(program.log));
        return logs;
    }

    /** The first program of the stack that has exited, with its exit code and its log's last lines; empty when none has. */
    public synchronized Optional<String> exited() {
        return running.stream().filter(program -> !program.process.isAlive()).findFirst()
                .map(program -> program.name + " in " + program.domain + " exited with " + program.process.exitValue()
                        + ": " + tail(program.log));
    }

    private synchronized void forget(Running exited) {
        running.remove(exited);
    }

    /** Stops one program of the stack, as {@link #close()} stops them all. */
    public synchronized void stop(Running program) {
        running.remove(program);
        program.process.destroy();
        try {
            if (!program.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                program.process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            program.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every program, newest first: TERM, then KILL after a grace period. */
    @Override
    public synchronized void close() {
        List<Running> stopping = new ArrayList<>(running);
        stopping.forEach(program -> program.process.destroy());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Running program : stopping) {
            try {
                long leftNanos = Math.max(0, deadline - System.nanoTime());
                if (!program.process.waitFor(leftNanos, TimeUnit.NANOSECONDS)) {
                    program.process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException interrupted) {
                program.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    /** A UDP port on the server address that is free now and that this stack has not given out before. */
    public synchronized InetSocketAddress freeUdpAddress() {
        for (int probes = 0; probes < FREE_PORT_PROBES; probes++) {
            try (DatagramSocket probe = new DatagramSocket(0, serverAddress)) {
                if (portsGivenOut.add(probe.getLocalPort())) {
                    return new InetSocketAddress(serverAddress, probe.getLocalPort());
                }
            } catch (SocketException failed) {
                throw new HostException("no free UDP port on " + serverAddress.getHostAddress() + ": "
                        + failed.getMessage(), failed);
            }
        }
        throw new HostException("no free UDP port on " + serverAddress.getHostAddress() + " that this run has not"
                + " given out already, in " + FREE_PORT_PROBES + " probes");
    }

    public static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The last lines of a program's log, for an error message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException unreadable) {
            return "(no output: " + unreadable.getMessage() + ")";
        }
    }

    /** Why a program could not write its results when the disk is the reason (its own log cannot say so then). */
    private String fullDisk() {
        try {
            long free = Files.getFileStore(directory).getUsableSpace();
            return free < FULL_DISK_BYTES ? " (the results directory " + directory + " is full: " + (free >> 10)
                    + " KiB free)" : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    private String uniqueLogName(String program) {
        String name = program + ".log";
        for (int i = 2; Files.exists(directory.resolve(name)); i++) {
            name = program + "-" + i + ".log";
        }
        return name;
    }

    private static void createDirectories(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while waiting for a program to start");
        }
    }

    /** A program of the run. */
    public record Running(String name, String domain, Process process, Path log) {
    }
}
