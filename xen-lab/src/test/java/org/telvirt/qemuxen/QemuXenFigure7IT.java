package org.telvirt.qemuxen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.Host;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.xen.Xl;
import org.telvirt.host.xen.XlDomain;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.signaling.SignalingClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import org.telvirt.knob.Tuning;

/**
 * Figure 7 scaled to the lab, through the xen driver's Host SPI as {@code -Dtelvirt.host=xen-lab} opens
 * it: column 2.2 (Dom0 capped) against column 2.1 (both CPU-bound VMs capped at the paper's 1 %), the
 * CPU-bound guests burning, RTP streams from this machine to the media guest's echo through Dom0's
 * netback, calls to the signaling guest's SIP responder beside them. Numbers are an emulated lab's (QEMU TCG), not the paper's; the direction is the finding. The
 * paper's caps were far below what the capped domain needed. Dom0's cap is a tenth of what Dom0 used in
 * 2.1 (its CPU time in {@code xl list} over the measurement), not 1 %: the lab's Dom0 also serves the SSH
 * session that restores the knobs, which 1 % of a CPU under TCG would starve. Caps of 50 % (the fair
 * share) and of half Dom0's use left it room to batch its way through these streams: slower, mostly
 * without loss.
 */
@ExtendWith(QemuXenExtension.class)
class QemuXenFigure7IT {

    /**
     * The paper's mixed workload at half xen-lab.yaml's streamScale (0.025): 10 streams x 50 pps = 500 packets/s, half
     * what the lab passes loss-free without CPU-bound load, and its 67 calls a second at the same scale, 0.84.
     */
    private static final Workload LAB_WORKLOAD = Workload.MIXED.scaled(0.0125);
    /** Figure 7's cap: 1 % of a CPU. */
    private static final int PAPER_CAP_PERCENT = 1;
    /** Dom0's cap in 2.2: what it used in 2.1 divided by this. */
    private static final int DOM0_CAP_DIVISOR = 10;
    /** "Far more" loss: at least this many percentage points more (the suites' "disastrous" threshold). */
    private static final double FAR_MORE_LOSS_POINTS = 5.0;

    @TempDir
    static Path results;

    private static Host host;
    private static final Map<String, RunSummary> measured = new LinkedHashMap<>();
    private static final Map<String, Double> dom0CpuPercent = new LinkedHashMap<>();
    private static final Map<String, SignalingClient.Summary> calls = new LinkedHashMap<>();
    private static Xl xl;

    @BeforeAll
    static void openHost(QemuXen xen) {
        host = HostProfiles.open(HostProfiles.load("xen-lab"));
        xl = new Xl(xen.dom0());
    }

    @AfterAll
    static void printTableAndCloseHost() {
        System.out.println("xen-lab Figure 7 (scaled: " + LAB_WORKLOAD.streams() + " streams of 50 pps, "
                + LAB_WORKLOAD.callsPerSecond() + " calls/s, " + LAB_WORKLOAD.seconds()
                + " s, 2 CPU-bound VMs burning, emulated lab)");
        measured.forEach((column, summary) -> System.out.printf("  %-4s loss %6.2f %%  p50 %8.1f ms  p99 %8.1f ms  sent %d"
                        + "  Dom0 %.1f %% of a CPU  calls completed %d of %d, failed %d, setup p99 %.1f ms%n", column,
                summary.lossPercent(), summary.delayMicros().p50() / 1000.0, summary.delayMicros().p99() / 1000.0,
                summary.packetsSent(), dom0CpuPercent.get(column), calls.get(column).callsCompleted(),
                calls.get(column).callsAttempted(), calls.get(column).callsFailed(),
                calls.get(column).setupMillis().p99()));
        if (host != null) {
            host.close();
        }
    }

    @Test
    void cappingDom0LosesFarMoreThanCappingTheCpuBoundVms() throws Exception {
        RunSummary cpuVmsCapped = run("2.1", Tuning.builder().cap(Role.CPU1, PAPER_CAP_PERCENT).cap(Role.CPU2, PAPER_CAP_PERCENT).build());
        double dom0Percent = dom0CpuPercent.get("2.1");
        int dom0Cap = (int) Math.max(PAPER_CAP_PERCENT, Math.round(dom0Percent / DOM0_CAP_DIVISOR));
        System.out.printf("xen-lab 2.1: Dom0 used %.1f %% of a CPU; 2.2 caps it at %d %%%n", dom0Percent, dom0Cap);
        RunSummary dom0Capped = run("2.2", Tuning.builder().cap(Role.DOM0, dom0Cap).build());

        assertThat(dom0Capped.lossPercent())
                .as("loss with Dom0 capped (2.2: %s) against CPU-bound VMs capped (2.1: %s)", dom0Capped, cpuVmsCapped)
                .isGreaterThanOrEqualTo(cpuVmsCapped.lossPercent() + FAR_MORE_LOSS_POINTS);
        // with Dom0 uncapped the signaling guest carries its calls; capped Dom0's are printed, not judged
        SignalingClient.Summary callsIn21 = calls.get("2.1");
        assertThat(callsIn21.callsAttempted()).as("calls placed in 2.1").isPositive();
        assertThat(callsIn21.callsCompleted()).as("calls completed in 2.1: %s", callsIn21)
                .isEqualTo(callsIn21.callsAttempted());
    }

    private static double dom0CpuSeconds() {
        return xl.domain(XlDomain.DOMAIN_0).cpuSeconds();
    }

    private static RunSummary run(String column, Tuning tuning) throws Exception {
        Configuration configuration = Configuration.single(column, tuning, LAB_WORKLOAD);
        assertThat(host.validate(configuration)).isEmpty();
        assertThat(host.unsupportedReason(configuration)).isEmpty();
        Path directory = Files.createDirectories(results.resolve(column));
        Measurement measurement;
        try (BenchLock measuring = BenchLock.acquire(); HostRun run = host.provision(configuration, directory)) {
            run.applied().forEach(knob -> System.out.println("xen-lab " + column + ": " + knob));
            double dom0SecondsBefore = dom0CpuSeconds();
            long started = System.nanoTime();
            measurement = run.measure(LAB_WORKLOAD, directory);
            double seconds = (System.nanoTime() - started) / 1e9;
            dom0CpuPercent.put(column, 100 * (dom0CpuSeconds() - dom0SecondsBefore) / seconds);
        }
        RunSummary summary = RunSummary.read(measurement.summaryFile());
        calls.put(column, SignalingClient.Summary.read(measurement.signalingSummary()
                .orElseThrow(() -> new AssertionError("column " + column + " drove no signaling load"))));
        measured.put(column, summary);
        return summary;
    }
}
