package org.telvirt.workloads.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.credit.CreditSchedulerConfig;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;
import org.telvirt.workloads.Telvirt;
import org.telvirt.workloads.io.JsonFiles;

/**
 * A small emulated host for the tests: domains as real cgroups holding real processes, all journalled, and the
 * credit scheduler as its own process. Closing restores the journal (every process ended, every cgroup removed).
 */
final class EmulatedHost implements AutoCloseable {
    private final KnobJournal journal;
    private final Cgroups cgroups;
    private final String runId;
    private final Path dir;
    private final List<CreditSchedulerConfig.DomainConfig> domains = new ArrayList<>();
    private final List<DomainCgroup> cgroupsByDomain = new ArrayList<>();
    private final List<ChildJvm> children = new ArrayList<>();

    EmulatedHost(CgroupMounts mounts, Path dir, String name) throws IOException {
        this.dir = dir;
        this.runId = "test-" + ProcessHandle.current().pid() + "-" + name;
        this.journal = KnobJournal.open(dir.resolve("journal"), name,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        this.cgroups = Cgroups.detect(mounts, journal);
    }

    /** A domain running a busy loop (one thread, always runnable). */
    DomainCgroup spinner(String name, int weight, int capPercent, Set<Integer> affinity) throws IOException {
        DomainCgroup domain = domain(name, 1, weight, capPercent, affinity);
        Process spin = journal.start(new ProcessBuilder("sh", "-c", "while :; do :; done"));
        domain.addProcess(spin.pid());
        return domain;
    }

    /** A domain with one vCPU running a UDP echo JVM; returns its port. */
    int echo(String name, int weight, Set<Integer> affinity) throws IOException {
        return echo(name, 1, weight, affinity);
    }

    /** A domain running a UDP echo JVM; returns its port. */
    int echo(String name, int vcpus, int weight, Set<Integer> affinity) throws IOException {
        DomainCgroup domain = domain(name, vcpus, weight, 0, affinity);
        ChildJvm child = ChildJvm.start(UdpEcho.class, List.of("-Xmx64m", "-XX:+UseSerialGC"));
        children.add(child);
        journal.recordProcess(child.process().pid());
        domain.addProcess(child.process().pid());
        return Integer.parseInt(child.awaitLine("PORT").substring(5));
    }

    DomainCgroup cgroup(String name) {
        for (int i = 0; i < domains.size(); i++) {
            if (domains.get(i).name().equals(name)) {
                return cgroupsByDomain.get(i);
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** Starts the credit scheduler process on this host's domains, its loop at real-time priority as intended. */
    ChildJvm startScheduler(List<Integer> logicalToPhysical, String... options) throws IOException {
        Path config = dir.resolve("credit-" + runId + ".json");
        CreditSchedulerConfig.of(logicalToPhysical, domains).write(config);
        List<String> args = new ArrayList<>(List.of("credit-scheduler", "--config", config.toString(),
                "--rt-priority", "10"));
        args.addAll(List.of(options));
        ChildJvm scheduler = ChildJvm.start(Telvirt.class, List.of("-XX:+UseSerialGC"), args.toArray(String[]::new));
        children.add(scheduler);
        scheduler.awaitLine("credit-scheduler:");
        return scheduler;
    }

    /**
     * Sends {@code count} 172-byte datagrams, one every {@code periodNanos}, to the ports in turn and waits up to
     * 200 ms for each echo; returns the round trips in ms, -1 for a datagram never answered.
     */
    static double[] roundTrips(int[] ports, int count, long periodNanos) throws IOException, InterruptedException {
        double[] rtts = new double[count];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            byte[] payload = new byte[172];
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                next += periodNanos;
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(),
                        ports[i % ports.length]));
                try {
                    socket.receive(reply);
                    rtts[i] = (System.nanoTime() - sent) / 1e6;
                } catch (SocketTimeoutException lost) {
                    rtts[i] = -1;
                }
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        }
        return rtts;
    }

    /** The answered round trips' percentile (100 = max), NaN when none was answered. */
    static double percentile(double[] rtts, double percent) {
        double[] sorted = Arrays.stream(rtts).filter(rtt -> rtt >= 0).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(percent / 100 * sorted.length) - 1)];
    }

    static long lost(double[] rtts) {
        return Arrays.stream(rtts).filter(rtt -> rtt < 0).count();
    }

    /** Prints the scheduler's own cost and its per-domain statistics. */
    static void print(String what, EnforcerReport report) {
        System.out.printf("%s: scheduler loop %.2f %% of one CPU, whole scheduler JVM %.2f %%, %d polls in %d ms, "
                        + "%d freezer and %d cpuset writes%n", what, report.loopCpuPercent(), report.processCpuPercent(),
                report.polls(), report.runtimeMillis(), report.freezerWrites(), report.cpusetWrites());
        report.domains().forEach(domain -> System.out.println("  " + domain));
    }

    static EnforcerReport parseReport(String output) throws IOException {
        for (String line : output.split("\n")) {
            if (line.contains(EnforcerReport.EVENT)) {
                return JsonFiles.fromLine(line, EnforcerReport.class);
            }
        }
        throw new IOException("no statistics line in:\n" + output);
    }

    KnobJournal journal() {
        return journal;
    }

    @Override
    public void close() throws IOException {
        children.forEach(ChildJvm::close);
        RestoreReport report = journal.restore();
        journal.close();
        if (!report.verified()) {
            report.print(System.out);
            throw new IOException("the host was not restored");
        }
    }

    private DomainCgroup domain(String name, int vcpus, int weight, int capPercent, Set<Integer> affinity)
            throws IOException {
        DomainCgroup domain = cgroups.createDomain(runId, name);
        domains.add(new CreditSchedulerConfig.DomainConfig(name, vcpus, weight, capPercent,
                new java.util.TreeSet<>(affinity), domain.paths()));
        cgroupsByDomain.add(domain);
        return domain;
    }
}
