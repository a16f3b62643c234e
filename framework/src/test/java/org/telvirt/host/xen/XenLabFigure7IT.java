package org.telvirt.host.xen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Cap;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Tuning;
import org.telvirt.Workload;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.xen.lab.XenLab;
import org.telvirt.host.xen.lab.XenLabExtension;
import org.telvirt.workloads.rtp.RunSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Figure 7 scaled to the lab, through the xen driver's Host SPI: column 2.2 (Dom0 capped at its
 * weighted fair share) against column 2.1 (both CPU-bound VMs capped), the CPU-bound guests burning,
 * RTP streams from this machine to the media guest's echo through Dom0's netback. Numbers are an
 * emulated lab's (QEMU TCG), not the paper's; the direction is the finding. The caps are the weighted
 * fair share, not Figure 7's 1 %: the lab's Dom0 also serves the SSH session that drives the test, and
 * that session has not been tried at 1 % of a CPU under TCG.
 */
@ExtendWith(XenLabExtension.class)
class XenLabFigure7IT {

    /** 10 streams x 50 pps = 500 packets/s: half what the lab passes loss-free without CPU-bound load. */
    private static final Workload LAB_WORKLOAD = new Workload(10, 20, 3, 10, 2, 0, 60, 2);

    @TempDir
    static Path results;

    private static XenHost host;
    private static final Map<String, RunSummary> measured = new LinkedHashMap<>();

    @BeforeAll
    static void openHost(XenLab lab) {
        host = new XenHost(HostProfiles.load("xen-lab"), lab.dom0(), () -> { }, lab,
                results.resolve("xen-journal.jsonl"), System.out::println);
    }

    @AfterAll
    static void printTable() {
        System.out.println("xen-lab Figure 7 (scaled: " + LAB_WORKLOAD.streams() + " streams of 50 pps, "
                + LAB_WORKLOAD.seconds() + " s, 2 CPU-bound VMs burning, emulated lab)");
        measured.forEach((column, summary) -> System.out.printf("  %-4s loss %6.2f %%  p50 %8.1f ms  p99 %8.1f ms  sent %d%n",
                column, summary.lossPercent(), summary.delayMicros().p50() / 1000.0, summary.delayMicros().p99() / 1000.0,
                summary.packetsSent()));
    }

    @Test
    void cappingDom0LosesFarMoreThanCappingTheCpuBoundVms() throws Exception {
        RunSummary cpuVmsCapped = run("2.1", Tuning.builder().cap(Role.CPU_BOUND, Cap.FAIR_SHARE).build());
        RunSummary dom0Capped = run("2.2", Tuning.builder().cap(Role.DOM0, Cap.FAIR_SHARE).build());

        assertThat(dom0Capped.lossPercent())
                .as("loss with Dom0 capped (2.2: %s) against CPU-bound VMs capped (2.1: %s)", dom0Capped, cpuVmsCapped)
                .isGreaterThan(cpuVmsCapped.lossPercent());
    }

    private static RunSummary run(String column, Tuning tuning) throws Exception {
        Configuration configuration = Configuration.single(column, tuning, LAB_WORKLOAD);
        assertThat(host.validate(configuration)).isEmpty();
        assertThat(host.unsupportedReason(configuration)).isEmpty();
        Path directory = Files.createDirectories(results.resolve(column));
        Measurement measurement;
        try (BenchLock measuring = BenchLock.acquire(); HostRun run = host.provision(configuration, directory)) {
            run.applied().forEach(knob -> System.out.println("xen-lab " + column + ": " + knob));
            measurement = run.measure(LAB_WORKLOAD, directory);
        }
        RunSummary summary = RunSummary.read(measurement.summaryFile());
        measured.put(column, summary);
        return summary;
    }
}
