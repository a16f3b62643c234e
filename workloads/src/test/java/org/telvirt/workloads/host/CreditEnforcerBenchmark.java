package org.telvirt.workloads.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.credit.EnforcerReport;

/**
 * Measures the credit scheduler's own CPU cost and what it does to datagram round trips, in the paper's shape
 * scaled to this machine: 4 logical pCPUs on 2 cores, dom0 (4 vCPUs) and media (2 vCPUs) as UDP echoes, two
 * CPU-bound domains. Not part of the build (its name does not end in Test):
 * {@code flock /tmp/telvirt-bench.lock mvn -B -q -pl workloads -am test -Dtest=CreditEnforcerBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
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
            double[] rtts = EmulatedHost.roundTrips(new int[] {dom0, media}, SECONDS * PACKETS_PER_SECOND,
                    1_000_000_000L / PACKETS_PER_SECOND);
            scheduler.process().toHandle().destroy();
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));

            EmulatedHost.print("paper-shaped host, 4 logical pCPUs on 2 cores", report);
            System.out.printf("%d datagrams at %d/s to dom0 and media: %d lost, round trip p50 %.2f ms, p99 %.2f ms, "
                            + "max %.2f ms%n", rtts.length, PACKETS_PER_SECOND, EmulatedHost.lost(rtts),
                    EmulatedHost.percentile(rtts, 50), EmulatedHost.percentile(rtts, 99),
                    EmulatedHost.percentile(rtts, 100));
        }
    }
}
