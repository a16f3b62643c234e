package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.DomainCores;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.WorkloadStack;
import org.telvirt.knob.Tuning;
import org.telvirt.ssh.SshTarget;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.signaling.SignalingClient;

/**
 * Every role of the mixed workload driven on the xen driver: the RTP clients send to the media domain's server, the
 * signaling client calls the signaling domain's, the CPU-bound domain is unpaused while measured and paused after.
 * The domains' servers are telvirt's, run on this machine where the profile's settings point; Dom0 is the fake.
 */
class XenDrivenRolesTest {

    @TempDir
    Path directory;

    @Test
    void theMediaAndSignalingClientsCallTheDomainsServersWhileTheCpuBoundDomainRuns() throws Exception {
        FakeXen xen = FakeXen.create(directory, directory.resolve("journal.jsonl"));
        xen.localShell().run("xl pause cpu1");
        xen.busy("Domain-0", 1.25);
        xen.busy("media", 0.5);
        Map<String, String> before = xen.snapshot();
        Workload mixed = new Workload(10, 2, 1, 10, 2, 5, 1, 1);
        try (WorkloadStack domains = new WorkloadStack(ProgramLauncher.PLAIN,
                Files.createDirectories(directory.resolve("domains")))) {
            WorkloadStack.Servers servers = domains.startServers(mixed);
            HostProfile profile = new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                    Map.of("dom0", "Domain-0", "media", "media", "signaling", "signaling", "cpu1", "cpu1", "cpu2", "cpu2"),
                    new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null,
                    Map.of("mediaServer", WorkloadStack.hostPort(servers.media()),
                            "signalingServer", WorkloadStack.hostPort(servers.signaling()), "cpuBoundLoad", "unpause"));
            XenHost host = new XenHost(profile, new SshXenAccess(profile, xen.localShell(), () -> { }),
                    directory.resolve("journal.jsonl"), line -> { });
            Configuration configuration = Configuration.single("mixed", Tuning.DEFAULTS, mixed);
            assertThat(host.validate(configuration)).isEmpty();

            Path results = Files.createDirectories(directory.resolve("run"));
            Measurement measured;
            try (HostRun run = host.provision(configuration, results)) {
                assertThat(xen.snapshot()).as("unpaused while measured").doesNotContainKey("paused/cpu1");
                measured = run.measure(mixed, results);
            }

            assertThat(RunSummary.read(measured.summaryFile()).packetsSent()).isPositive();
            assertThat(measured.signalingSummary()).as("the signaling client ran").isPresent();
            SignalingClient.Summary calls = SignalingClient.Summary.read(measured.signalingSummary().get());
            assertThat(calls.callsAttempted()).isPositive();
            assertThat(calls.callsCompleted()).as("answered by the signaling domain's server").isPositive();
            assertThat(xen.changes()).endsWith("xl unpause cpu1", "xl pause cpu1");
            Map<String, Double> busy = JsonFiles.fromLine(measured.hostStatistics().get(MediaRun.DOMAIN_CORES_STATISTICS),
                    DomainCores.class).coresUsedByRole();
            assertThat(busy).as("Xen's account over the clients' run").containsOnlyKeys(Role.ALL);
            assertThat(busy.get(Role.DOM0)).isCloseTo(1.25, within(0.1));
            assertThat(busy.get(Role.MEDIA)).isCloseTo(0.5, within(0.1));
            assertThat(busy.get(Role.SIGNALING)).as("no CPU time in xl list").isZero();
            assertThat(xen.snapshot()).as("paused again").isEqualTo(before);
        }
    }
}
