package org.telvirt.workloads.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.cgroup.DomainCgroup;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.hostkit.journal.RestoreReport;

/**
 * The credit scheduler as its own process on real cgroups with real processes. Assertions are about behaviour
 * with wide tolerances; the numbers (ratios, wake latency, the scheduler's own CPU cost) are printed.
 */
class CreditEnforcerTest {
    private static final List<Integer> ONE_PCPU_ON_CORE_0 = List.of(0);
    private static final List<Integer> TWO_LOGICAL_CORES_ON_CPU_0 = List.of(0, 0);

    @TempDir
    Path dir;

    @Test
    void weightsFourToOneOnOneContendedPcpuGiveRoughlyFourToOneCpu() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "weights")) {
            host.spinner("heavy", 1024, 0, Set.of(0));
            host.spinner("light", 256, 0, Set.of(0));
            ChildJvm scheduler = host.startScheduler(ONE_PCPU_ON_CORE_0, "--duration-seconds", "3");
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));
            EmulatedHost.print("weights 1024:256 on one logical pCPU", report);

            EnforcerReport.Domain heavy = report.domains().get(0);
            EnforcerReport.Domain light = report.domains().get(1);
            double ratio = heavy.cpuMillis() / light.cpuMillis();
            System.out.printf("heavy:light = %.2f in CPU time, %.2f in time charged (Xen weights 4:1)%n", ratio,
                    heavy.chargedMillis() / light.chargedMillis());
            assertThat(ratio).isBetween(2.5, 6.0);
        }
    }

    @Test
    void aLogicalCoreFoldedWithAnIdleOneOntoACpuIsHalfOfItNotAll() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "folded")) {
            host.spinner("alone", 256, 0, Set.of(0));
            ChildJvm scheduler = host.startScheduler(TWO_LOGICAL_CORES_ON_CPU_0, "--duration-seconds", "3");
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));
            EmulatedHost.print("one spinner on logical core 0 of two folded onto CPU 0", report);

            double cpuPercent = 100 * report.domains().get(0).cpuMillis() / report.runtimeMillis();
            System.out.printf("the spinner used %.1f %% of CPU 0 holding %.2f logical cores (%d quota writes)%n",
                    cpuPercent, report.logicalCoresHeld("alone").orElseThrow(), report.quotaWrites());
            // without a quota per held core the spinner would take the whole CPU, as logical core 1 is idle
            assertThat(cpuPercent).isBetween(35.0, 60.0);
            assertThat(report.logicalCoresHeld("alone").orElseThrow()).isBetween(0.85, 1.0);
            assertThat(report.quotaWrites()).isPositive();
        }
    }

    @Test
    void aCapOfThirtyPercentHolds() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "cap")) {
            host.spinner("capped", 256, 30, Set.of(0));
            ChildJvm scheduler = host.startScheduler(ONE_PCPU_ON_CORE_0, "--duration-seconds", "3");
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));
            EmulatedHost.print("cap 30 % on one logical pCPU", report);

            EnforcerReport.Domain capped = report.domains().get(0);
            double heldPercent = 100 * capped.chargedMillis() / report.runtimeMillis();
            double cpuPercent = 100 * capped.cpuMillis() / report.runtimeMillis();
            System.out.printf("capped domain (cap 30 %%) held its pCPU %.1f %% of the time and used %.1f %% of a CPU, "
                    + "parked %d times%n", heldPercent, cpuPercent, capped.parks());
            // the cap bounds the time charged (the pCPU held); what Linux gives in that time depends on the machine's load
            assertThat(heldPercent).isBetween(20.0, 40.0);
            assertThat(cpuPercent).isLessThanOrEqualTo(40.0);
            assertThat(capped.parks()).isPositive();
            assertThat(report.logicalCoresUsed("capped")).hasValueCloseTo(cpuPercent / 100, within(1e-9));
        }
    }

    @Test
    void aFrozenBlockedDomainIsThawedForADatagramAndAnswersIt() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "wake")) {
            int port = host.echo("echo", 256, Set.of(0));
            double[] unscheduled = EmulatedHost.roundTrips(new int[] {port}, 10, 100_000_000);
            host.spinner("spinner", 256, 0, Set.of(0));
            ChildJvm scheduler = host.startScheduler(ONE_PCPU_ON_CORE_0);
            DomainCgroup echo = host.cgroup("echo");
            awaitFrozen(echo);

            double[] rtts = EmulatedHost.roundTrips(new int[] {port}, 20, 100_000_000);

            scheduler.process().toHandle().destroy();
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));
            EmulatedHost.print("a frozen echo woken by datagrams", report);
            System.out.printf("echo round trip without the scheduler: median %.2f ms, max %.2f ms%n",
                    EmulatedHost.percentile(unscheduled, 50), EmulatedHost.percentile(unscheduled, 100));
            System.out.printf("echo round trip, frozen behind a spinner: median %.2f ms, max %.2f ms%n",
                    EmulatedHost.percentile(rtts, 50), EmulatedHost.percentile(rtts, 100));
            EnforcerReport.Domain echoStats = report.domains().get(0);
            System.out.printf("datagram seen -> domain thawed: mean %.0f us, max %.0f us over %d wake-ups%n",
                    echoStats.wakeLatencyMeanMicros(), echoStats.wakeLatencyMaxMicros(), echoStats.datagramWakeups());

            assertThat(EmulatedHost.lost(rtts)).as("datagrams never answered").isZero();
            // how many of the 20 wake-ups come from a datagram rather than a core lent when another domain
            // blocks depends on the machine's load: that one did is the behaviour, the count is printed above
            assertThat(echoStats.datagramWakeups()).isPositive();
            assertThat(echoStats.boosts()).isPositive();
        }
    }

    @Test
    void sigtermLeavesEveryDomainThawedWithItsWholeAffinityAndSigkillIsCleanedUpByTheJournal() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        try (EmulatedHost host = new EmulatedHost(mounts, dir, "stop")) {
            host.echo("echo", 256, Set.of(0, 1));
            host.spinner("spin1", 256, 0, Set.of(0, 1));
            host.spinner("spin2", 256, 0, Set.of(0, 1));
            ChildJvm scheduler = host.startScheduler(List.of(0, 1));
            awaitFrozen(host.cgroup("echo"));

            scheduler.process().toHandle().destroy();
            EnforcerReport report = EmulatedHost.parseReport(scheduler.remainingOutput(Duration.ofSeconds(20)));
            EmulatedHost.print("stopped by SIGTERM", report);

            for (String name : List.of("echo", "spin1", "spin2")) {
                DomainCgroup domain = host.cgroup(name);
                assertThat(domain.isFrozen()).as(name + " thawed").isFalse();
                assertThat(KnobFiles.read(domain.paths().cpusKnob())).as(name + " cpuset").isEqualTo("0-1");
            }

            ChildJvm killed = host.startScheduler(List.of(0, 1));
            awaitFrozen(host.cgroup("echo"));
            killed.process().toHandle().destroyForcibly();
            killed.process().waitFor();
            assertThat(host.cgroup("echo").isFrozen()).as("SIGKILL leaves the frozen domain frozen").isTrue();

            RestoreReport restore = host.journal().restore();
            assertThat(restore.verified()).as("the journal thaws, ends and removes everything").isTrue();
            assertThat(host.cgroup("echo").paths().freezerDir()).doesNotExist();
        }
    }

    /** Generous: on an emulated CPU (the cgroup v2 guest of scripts/cgroup-v2-guest.sh) the first freeze took over 10 s. */
    private static void awaitFrozen(DomainCgroup domain) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!domain.isFrozen()) {
            assertThat(System.nanoTime()).as(domain.domain() + " frozen within 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

}
