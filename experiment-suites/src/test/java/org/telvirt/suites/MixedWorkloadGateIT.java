package org.telvirt.suites;

import static org.telvirt.TelvirtAssertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.telvirt.Cap;
import org.telvirt.CpuBoundVms;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.Weights;

/**
 * The release gate a VM-image pipeline runs: the paper's recommended configuration for the mixed
 * workload (Dom0 floating, Dom0 and Media weights raised, CPU-bound VMs capped at their fair share)
 * must carry the media without loss.
 */
@TelephonyExperiment
@Tag("gate")
@Tag("mixed-workload")
@Order(60)
@MediaStreams(value = 800, seconds = 20, warmupSeconds = 3)
@SignalingLoad(callsPerSecond = 67)
@CpuBoundVms(2)
class MixedWorkloadGateIT {
    @Test
    @Weights(dom0 = 8192, media = 8192)
    @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
    @Slo(maxLossPercent = 0.0, p99DelayMillis = 40)
    void recommendedConfigurationCarriesTheMediaWithoutLoss(MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
