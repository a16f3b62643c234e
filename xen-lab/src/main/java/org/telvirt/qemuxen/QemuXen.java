package org.telvirt.qemuxen;

import org.telvirt.HostException;
import org.telvirt.host.WorkloadStack;
import org.telvirt.hostkit.journal.HeldLock;
import org.telvirt.ssh.RemoteCommandException;
import org.telvirt.ssh.Shell;
import org.telvirt.ssh.SshException;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;
import org.telvirt.host.xen.XlCommands;
import org.telvirt.host.xen.XlInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * xen-lab: a real Xen 4.17 host with a Debian PV Dom0, booted under QEMU's full emulation (TCG) on
 * this machine. QEMU runs inside a network namespace made for the lab (only {@code lo} and one end
 * of a veth pair), so its user network may pass UDP ({@code restrict=off}) while nothing of the lab
 * can reach beyond this machine. SSH and each guest's UDP port (echo or SIP) are forwarded to the
 * namespace's veth address, which this JVM reaches directly. Everything is stopped by the PIDs and
 * names the lab itself created.
 *
 * <p>An emulated lab: it proves commands, knobs and restores on real Xen; its timings are 10-50x
 * slower than hardware and are not the paper's numbers.
 */
public final class QemuXen implements AutoCloseable {

    /** The one list of the lab's Debian packages is the project's install script. */
    static final String INSTALL_HINT = "./telvirt verify -Pxen-lab installs them (scripts/install-prerequisites.sh -Pxen-lab)";
    private static final String DOM0_DOMU_DIRECTORY = "/root/domu";
    private static final Duration GUEST_CREATE_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration GUEST_READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration POWEROFF_WAIT = Duration.ofSeconds(60);

    private final QemuXenSettings settings;
    private final QemuXenImage image;
    private final Consumer<String> progress;
    private final Path runDirectory;
    private final Thread shutdownHook;
    private HeldLock labLock;
    private long qemuPid = -1;
    private SshSession dom0;
    private Duration bootToSsh;
    private XlInfo info;
    private final Map<String, Duration> guestStartTimes = new LinkedHashMap<>();
    private final Map<String, String> guestWorkloads = new LinkedHashMap<>();
    private boolean closed;

    private QemuXen(QemuXenSettings settings, QemuXenImage image, Consumer<String> progress) {
        this.settings = settings;
        this.image = image;
        this.progress = progress;
        this.runDirectory = settings.cache().resolve("run");
        this.shutdownHook = new Thread(this::killAfterJvmExit, "xen-lab-stop");
    }

    private static QemuXen shared;

    /**
     * The lab of this JVM, started on first use and kept for every later test class (a boot costs
     * minutes). It runs until someone closes it or the JVM exits; at exit QEMU is killed by its PID
     * and the namespace deleted (a clean poweroff would outlast the test runner's patience).
     */
    public static synchronized QemuXen shared(QemuXenSettings settings, Consumer<String> progress) {
        if (shared == null || shared.closed) {
            shared = start(settings, progress);
        } else if (!shared.settings.equals(settings)) {
            throw new HostException("this JVM already runs a xen-lab with other settings (" + shared.settings.namespace()
                    + "); one lab per JVM");
        }
        return shared;
    }

    /** Builds the image if needed, boots Xen, waits for SSH, and creates and readies the guests. */
    public static QemuXen start(QemuXenSettings settings, Consumer<String> progress) {
        requireRootAndTools();
        QemuXenImage image = QemuXenImage.ensure(settings.cache(), QemuXenRecipe.load(), progress);
        QemuXen lab = new QemuXen(settings, image, progress);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.boot();
            lab.createGuests();
            return lab;
        } catch (RuntimeException failed) {
            lab.close();
            throw failed;
        }
    }

    /**
     * Stops what a run that died left of this machine's lab: its QEMU (and with it every guest and every change on its
     * Xen: the disk is a snapshot) and its network namespace. Throws while a live lab holds the lock.
     */
    public static void stopLeftBehind(QemuXenSettings settings, Consumer<String> progress) {
        QemuXen leftBehind = new QemuXen(settings, null, progress);
        leftBehind.lockLab();
        try {
            if (!leftBehind.cleanUpStaleLab()) {
                progress.accept("xen-lab: no QEMU of an earlier run is up (" + leftBehind.runDirectory + ")");
            }
        } finally {
            leftBehind.releaseLock();
        }
    }

    public QemuXenSettings settings() {
        return settings;
    }

    public QemuXenImage image() {
        return image;
    }

    /** The one SSH session to Dom0, shared by everything that uses this lab. */
    public SshSession dom0() {
        return dom0;
    }

    /** Strict host key checking against the key the image was built with. */
    public SshSettings sshSettings() {
        return sshSettings(settings.sshPort());
    }

    /** A guest's SSH server, forwarded like Dom0's and checked against the guests' host key as strictly. */
    public SshSettings guestSshSettings(QemuGuest guest) {
        return sshSettings(settings.guestSshPort(guest));
    }

    private SshSettings sshSettings(int forwardedPort) {
        return SshSettings.of(settings.labAddress(), forwardedPort, "root", image.clientKey(),
                image.directory().resolve("known_hosts"));
    }

    /** Guest name to the SHA-256 of the workload program copied into it over SSH. */
    public Map<String, String> guestWorkloads() {
        return Map.copyOf(guestWorkloads);
    }

    /** {@code xl info} as read right after boot. */
    public XlInfo info() {
        return info;
    }

    /** From QEMU's start to Dom0 answering SSH. */
    public Duration bootToSsh() {
        return bootToSsh;
    }

    /** Guest name to how long {@code xl create} and the guest's boot to ready took. */
    public Map<String, Duration> guestStartTimes() {
        return Map.copyOf(guestStartTimes);
    }

    /**
     * Where this JVM sends UDP to reach a guest's program (an echo or the SIP responder): the forwarded port on the
     * namespace's address, one per such guest in the order of the settings.
     */
    public InetSocketAddress forwardedUdp(String guest) {
        List<QemuGuest> served = udpGuests();
        for (int i = 0; i < served.size(); i++) {
            if (served.get(i).name().equals(guest)) {
                return new InetSocketAddress(settings.labAddress(), settings.firstUdpPort() + i);
            }
        }
        throw new IllegalArgumentException("no guest " + guest + " answering UDP in the lab (" + served + ")");
    }

    private List<QemuGuest> udpGuests() {
        return settings.guests().stream().filter(g -> g.kind().servesUdp()).toList();
    }

    /** Lets a paused CPU-bound guest burn CPU again. */
    public void unpause(String guest) {
        dom0.run(XlCommands.unpause(guest));
    }

    public void pause(String guest) {
        dom0.run(XlCommands.pause(guest));
    }

    /** The last lines of the guest's console as xenconsoled logged it. */
    public String guestConsole(String guest) {
        return dom0.exec("tail -n 20 " + Shell.quote("/var/log/xen/console/guest-" + Shell.domainName(guest) + ".log")).stdout();
    }

    /** What a reader of lab results must know. */
    public List<String> notes() {
        return List.of("emulated lab: Xen " + info.xenVersion() + " (" + info.xenScheduler() + ") under QEMU TCG with "
                        + info.nrCpus() + " CPUs; timings are 10-50x slower than hardware and not the paper's numbers",
                "UDP reaches the guests through QEMU's user network and Dom0's bridge (netback), inside network namespace "
                        + settings.namespace());
    }

    private void boot() {
        lockLab();
        cleanUpStaleLab();
        createNamespace();
        writeKnownHosts();
        long started = System.nanoTime();
        progress.accept("xen-lab: booting Xen (" + settings.xenArguments() + ") under QEMU TCG in namespace "
                + settings.namespace());
        QemuXenCommands.run(qemuCommand(), runDirectory.resolve("qemu.log"), 60);
        qemuPid = readPid();
        dom0 = awaitSsh(started);
        bootToSsh = Duration.ofNanos(System.nanoTime() - started);
        info = XlInfo.parse(dom0.run(XlCommands.info()).stdout());
        progress.accept("xen-lab: Dom0 answers SSH " + bootToSsh.toSeconds() + " s after QEMU started; xen_version "
                + info.xenVersion() + ", xen_scheduler " + info.xenScheduler() + ", nr_cpus " + info.nrCpus());
    }

    private List<String> qemuCommand() {
        StringBuilder forwards = new StringBuilder("user,id=n0,restrict=off,hostfwd=tcp:" + settings.labAddress() + ":"
                + settings.sshPort() + "-:22");
        for (QemuGuest guest : settings.guests()) {
            forwards.append(",hostfwd=tcp:").append(settings.labAddress()).append(':').append(settings.guestSshPort(guest))
                    .append('-').append(guest.address()).append(":22");
        }
        List<QemuGuest> served = udpGuests();
        for (int i = 0; i < served.size(); i++) {
            forwards.append(",hostfwd=udp:").append(settings.labAddress()).append(':').append(settings.firstUdpPort() + i)
                    .append('-').append(served.get(i).address()).append(':').append(served.get(i).kind().udpPort());
        }
        String xenCommandLine = "dom0_mem=2048M,max:2048M console=com1 com1=115200,8n1 dom0_max_vcpus=" + settings.cpus()
                + " loglvl=all guest_loglvl=all noreboot " + settings.xenArguments();
        List<String> qemu = new ArrayList<>(List.of("ip", "netns", "exec", settings.namespace()));
        qemu.addAll(QemuXenCommands.nice(List.of("qemu-system-x86_64", "-machine", "pc", "-accel", "tcg,thread=multi",
                "-cpu", settings.qemuCpu(), "-smp", Integer.toString(settings.cpus()), "-m", settings.memory(),
                "-kernel", image.xen().toString(), "-append", xenCommandLine,
                "-initrd", image.kernel() + " root=/dev/vda rw console=hvc0 net.ifnames=0," + image.initrd(),
                // snapshot=on: every boot starts from the pristine image; writes go to a temporary file
                "-drive", "file=" + image.disk() + ",if=virtio,format=raw,snapshot=on",
                "-netdev", forwards.toString(), "-device", "virtio-net-pci,netdev=n0",
                "-serial", "file:" + runDirectory.resolve("serial.log"), "-display", "none", "-monitor", "none",
                "-pidfile", runDirectory.resolve("qemu.pid").toString(), "-daemonize")));
        return qemu;
    }

    private SshSession awaitSsh(long startedNanos) {
        SshSettings ssh = sshSettings().withConnectTimeout(Duration.ofSeconds(10), 1).withCommandTimeout(Duration.ofSeconds(120));
        long deadline = startedNanos + settings.bootTimeout().toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!qemuAlive()) {
                throw new HostException("QEMU exited while Xen was booting; serial console:\n"
                        + WorkloadStack.tail(runDirectory.resolve("serial.log")));
            }
            try {
                return SshSession.open(ssh);
            } catch (SshException notYet) {
                if (notYet.getMessage().contains("host key")) {
                    throw notYet;
                }
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                throw new HostException("Dom0 did not answer SSH on " + ssh.describe() + " within "
                        + settings.bootTimeout().toSeconds() + " s; serial console:\n"
                        + WorkloadStack.tail(runDirectory.resolve("serial.log")));
            }
            if (now - nextReport > 0) {
                progress.accept("xen-lab: waiting for Dom0's SSH, " + TimeUnit.NANOSECONDS.toSeconds(now - startedNanos) + " s");
                nextReport = now + TimeUnit.SECONDS.toNanos(30);
            }
            sleep(Duration.ofSeconds(2));
        }
    }

    private void createGuests() {
        dom0.run("mkdir -p " + DOM0_DOMU_DIRECTORY);
        for (QemuGuest guest : orderedGuests()) {
            long started = System.nanoTime();
            String config = DOM0_DOMU_DIRECTORY + "/" + guest.name() + ".cfg";
            dom0.exec("cat > " + Shell.quote(config), new ByteArrayInputStream(
                    guest.xlConfig(image.kernelVersion()).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(30))
                    .requireSuccess();
            dom0.run(XlCommands.create(config), GUEST_CREATE_TIMEOUT);
            awaitGuestReady(guest);
            startWorkload(guest);
            if (guest.kind() == QemuGuest.Kind.CPU_BOUND) {
                // held until a test wants the load: a burning guest would slow every other lab step
                pause(guest.name());
            } else {
                awaitAnswer(guest);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            guestStartTimes.put(guest.name(), took);
            progress.accept("xen-lab: guest " + guest.name() + " ready in " + took.toSeconds() + " s"
                    + (guest.kind() == QemuGuest.Kind.CPU_BOUND ? " (paused until load is wanted)"
                    : ", " + guest.kind().program() + " on " + forwardedUdp(guest.name())));
        }
    }

    /**
     * The guests the lab makes, those answering UDP first: CPU-bound ones burn CPU from their first second until paused. A guest
     * a run makes from an image is not among them.
     */
    private List<QemuGuest> orderedGuests() {
        List<QemuGuest> made = settings.guests().stream().filter(g -> g.kind().madeByTheLab()).toList();
        List<QemuGuest> ordered = new ArrayList<>(made.stream().filter(g -> g.kind().servesUdp()).toList());
        ordered.addAll(made.stream().filter(g -> !g.kind().servesUdp()).toList());
        return ordered;
    }

    /** Copies the guest's program in over SSH (checked by SHA-256) and starts it there. */
    private void startWorkload(QemuGuest guest) {
        SshSettings ssh = guestSshSettings(guest).withConnectTimeout(Duration.ofSeconds(10), 6)
                .withCommandTimeout(Duration.ofSeconds(60));
        try (SshSession session = SshSession.open(ssh)) {
            String sha256 = session.upload(image.workload(guest.kind()), guest.workloadPath(), Duration.ofSeconds(60));
            session.run(guest.startWorkloadCommand());
            guestWorkloads.put(guest.name(), sha256);
            progress.accept("xen-lab: copied " + guest.workloadPath() + " (sha256 " + sha256.substring(0, 12)
                    + ") into guest " + guest.name() + " over SSH and started it");
        } catch (SshException | RemoteCommandException e) {
            throw new HostException("cannot copy the workload into guest " + guest.name() + " over SSH ("
                    + ssh.describe() + "): " + e.getMessage() + "; its console:\n" + guestConsole(guest.name()), e);
        }
    }

    private void awaitGuestReady(QemuGuest guest) {
        String check = "grep -c TELVIRT-DOMU-READY " + Shell.quote("/var/log/xen/console/guest-" + guest.name() + ".log");
        long deadline = System.nanoTime() + GUEST_READY_TIMEOUT.toNanos();
        while (!dom0.exec(check).stdout().strip().matches("[1-9]\\d*")) {
            if (System.nanoTime() - deadline > 0) {
                throw new HostException("guest " + guest.name() + " not ready within " + GUEST_READY_TIMEOUT.toSeconds()
                        + " s; its console:\n" + guestConsole(guest.name()));
            }
            sleep(Duration.ofSeconds(3));
        }
    }

    /** Probes the guest's program through its forwarded port until it answers as that program does. */
    private void awaitAnswer(QemuGuest guest) {
        InetSocketAddress target = forwardedUdp(guest.name());
        byte[] probe = guest.probe();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            while (System.nanoTime() - deadline < 0) {
                socket.send(new DatagramPacket(probe, probe.length, target));
                try {
                    DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                    socket.receive(reply);
                    if (guest.answersProbe(reply.getData(), reply.getLength())) {
                        return;
                    }
                } catch (SocketTimeoutException noReplyYet) {
                    // the guest's network may still be coming up: send again
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot probe the " + guest.kind().program() + " of guest " + guest.name() + " at " + target
                    + ": " + e.getMessage(), e);
        }
        throw new HostException("the " + guest.kind().program() + " of guest " + guest.name() + " did not answer at " + target
                + " within 90 s; its console:\n" + guestConsole(guest.name()));
    }

    /** Destroys the guests, powers Dom0 off, waits for QEMU to exit, kills it by PID if it does not, removes the namespace. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        if (dom0 != null) {
            try {
                for (QemuGuest guest : settings.guests()) {
                    dom0.exec(XlCommands.destroy(guest.name()), Duration.ofSeconds(60));
                }
                dom0.exec("systemctl poweroff", Duration.ofSeconds(20));
            } catch (RuntimeException connectionGoingDown) {
                progress.accept("xen-lab: " + connectionGoingDown.getMessage());
            }
            dom0.close();
        }
        boolean clean = waitForQemuExit(POWEROFF_WAIT);
        if (!clean) {
            killQemu();
        }
        if (labLock != null) {
            deleteNamespace();
        }
        releaseLock();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook runs anyway and finds nothing left to do
        }
        progress.accept("xen-lab: stopped in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s"
                + (clean ? " (clean poweroff)" : " (QEMU killed by PID " + qemuPid + ")"));
    }

    private void killAfterJvmExit() {
        if (!closed && labLock != null) {
            killQemu();
            deleteNamespace();
        }
    }

    /**
     * One lab per machine: the lock is held while the lab runs and released by the OS when its
     * JVM dies, so a QEMU found without the lock is a leftover and one found with it is never touched.
     */
    private void lockLab() {
        Path lockFile = runDirectory.resolve("lab.lock");
        try {
            Files.createDirectories(runDirectory);
            labLock = HeldLock.tryHold(lockFile).orElseThrow(() -> new HostException("another xen-lab is running on"
                    + " this machine (" + lockFile + " is held); one lab at a time"));
        } catch (IOException e) {
            throw new HostException("cannot lock the xen-lab (" + lockFile + "): " + e.getMessage(), e);
        }
    }

    private void releaseLock() {
        try {
            if (labLock != null) {
                labLock.close();
            }
        } catch (IOException e) {
            progress.accept("xen-lab: releasing the lab lock: " + e.getMessage());
        }
    }

    /** Stops a QEMU an earlier run left (true if there was one) and removes its namespace. */
    private boolean cleanUpStaleLab() {
        Optional<ProcessHandle> stale = qemuProcess(readPidQuietly());
        if (stale.isPresent()) {
            progress.accept("xen-lab: a QEMU from an earlier run is still up (PID " + stale.get().pid() + "); stopping it");
            qemuPid = stale.get().pid();
            killQemu();
        }
        deleteNamespace();
        return stale.isPresent();
    }

    private void createNamespace() {
        Path log = runDirectory.resolve("network.log");
        String ns = settings.namespace();
        QemuXenCommands.run(List.of("ip", "netns", "add", ns), log, 30);
        QemuXenCommands.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"), log, 30);
        QemuXenCommands.run(List.of("ip", "link", "add", settings.hostVeth(), "type", "veth", "peer", "name",
                settings.labVeth(), "netns", ns), log, 30);
        QemuXenCommands.run(List.of("ip", "addr", "add", settings.hostAddress() + "/30", "dev", settings.hostVeth()), log, 30);
        QemuXenCommands.run(List.of("ip", "link", "set", settings.hostVeth(), "up"), log, 30);
        QemuXenCommands.run(List.of("ip", "-n", ns, "addr", "add", settings.labAddress() + "/30", "dev", settings.labVeth()), log, 30);
        QemuXenCommands.run(List.of("ip", "-n", ns, "link", "set", settings.labVeth(), "up"), log, 30);
    }

    private void deleteNamespace() {
        Path log = runDirectory.resolve("network.log");
        if (QemuXenCommands.exitStatus(List.of("ip", "netns", "pids", settings.namespace()), log, 30) == 0) {
            QemuXenCommands.exitStatus(List.of("ip", "netns", "del", settings.namespace()), log, 30);
        }
        // the pair goes with the namespace's end; this catches a half-made pair
        QemuXenCommands.exitStatus(List.of("ip", "link", "del", settings.hostVeth()), log, 30);
    }

    private void writeKnownHosts() {
        try {
            StringBuilder knownHosts = new StringBuilder(knownHost(settings.sshPort(), image.hostPublicKey()));
            for (QemuGuest guest : settings.guests()) {
                knownHosts.append(knownHost(settings.guestSshPort(guest), image.guestHostPublicKey()));
            }
            Files.writeString(image.directory().resolve("known_hosts"), knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String knownHost(int port, Path publicKey) throws IOException {
        String[] key = Files.readString(publicKey).strip().split("\\s+");
        return "[" + settings.labAddress() + "]:" + port + " " + key[0] + " " + key[1] + "\n";
    }

    private long readPid() {
        long pid = readPidQuietly();
        if (pid < 0) {
            throw new HostException("QEMU wrote no PID file: " + WorkloadStack.tail(runDirectory.resolve("qemu.log")));
        }
        return pid;
    }

    private long readPidQuietly() {
        try {
            return Long.parseLong(Files.readString(runDirectory.resolve("qemu.pid")).strip());
        } catch (IOException | NumberFormatException none) {
            return -1;
        }
    }

    /** The process behind a PID, only if it is a QEMU: a reused PID is never killed. */
    private static Optional<ProcessHandle> qemuProcess(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false));
    }

    private boolean qemuAlive() {
        return qemuProcess(qemuPid).isPresent();
    }

    private boolean waitForQemuExit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (qemuAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(Duration.ofSeconds(1));
        }
        return true;
    }

    private void killQemu() {
        qemuProcess(qemuPid).ifPresent(qemu -> {
            qemu.destroy();
            qemu.onExit().completeOnTimeout(qemu, 10, TimeUnit.SECONDS).join();
            if (qemu.isAlive()) {
                qemu.destroyForcibly();
                qemu.onExit().completeOnTimeout(qemu, 10, TimeUnit.SECONDS).join();
            }
        });
        try {
            Files.deleteIfExists(runDirectory.resolve("qemu.pid"));
        } catch (IOException ignored) {
            // a stale PID file is harmless: the PID is checked to be a QEMU before anything is killed
        }
    }

    private static void requireRootAndTools() {
        List<String> missing = QemuXenCommands.missing(List.of("qemu-system-x86_64", "ip", "nice"));
        if (!missing.isEmpty()) {
            throw new HostException("xen-lab needs " + missing + ": " + INSTALL_HINT);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new HostException("xen-lab needs root (network namespaces, debootstrap); running as "
                    + System.getProperty("user.name"));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while waiting for the xen-lab", e);
        }
    }
}
