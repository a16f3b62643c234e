package org.telvirt.hostkit.credit;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.cgroup.CgroupMounts;

/**
 * Measures the credit scheduler's own CPU cost and what it does to datagram round trips, in the paper's shape
 * scaled to this machine: 4 logical pCPUs on 2 cores, dom0 (4 vCPUs) and media (2 vCPUs) as UDP echoes, two
 * CPU-bound domains. Not part of the build (its name does not end in Test):
 * {@code flock /tmp/telvirt-bench.lock mvn -B -q -pl workloads test -Dtest=CreditEnforcerBenchmark}.
 * Prints numbers, asserts nothing about timing.
 */
class CreditEnforcerBenchmark {
    private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);
    private static final int SECONDS = 15;
    private static final int PACKETS_PER_SECOND = 200;

    @TempDir
    Path dir;

    @Test
    void paperShapedHostUnderTheCreditScheduler() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "bench")) {
            int dom0 = host.echo("dom0", 4, 256, ALL);
            int media = host.echo("media", 2, 256, ALL);
            host.spinner("cpu1", 256, 0, ALL);
            host.spinner("cpu2", 256, 0, ALL);
            ChildJvm scheduler = host.startScheduler(List.of(0, 0, 1, 1));
            Thread.sleep(3_000);
            double[] rtts = ping(new int[] {dom0, media});
            scheduler.process().toHandle().destroy();
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));

            System.out.printf("credit scheduler over %d s (%d polls): loop %.2f %% of one CPU, whole JVM %.2f %%, "
                            + "%d freezer and %d cpuset writes%n", report.runtimeMillis() / 1000, report.polls(),
                    report.loopCpuPercent(), report.processCpuPercent(), report.freezerWrites(), report.cpusetWrites());
            report.domains().forEach(domain -> System.out.println("  " + domain));
            long lost = Arrays.stream(rtts).filter(rtt -> rtt < 0).count();
            double[] answered = Arrays.stream(rtts).filter(rtt -> rtt >= 0).sorted().toArray();
            System.out.printf("%d datagrams at %d/s to dom0 and media: %d lost, round trip p50 %.2f ms, p99 %.2f ms, "
                            + "max %.2f ms%n", rtts.length, PACKETS_PER_SECOND, lost, at(answered, 50), at(answered, 99),
                    at(answered, 100));
        }
    }

    private static double[] ping(int[] ports) throws Exception {
        int count = SECONDS * PACKETS_PER_SECOND;
        double[] rtts = new double[count];
        long periodNanos = 1_000_000_000L / PACKETS_PER_SECOND;
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

    private static double at(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(percent / 100 * sorted.length) - 1)];
    }
}
