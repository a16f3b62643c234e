package org.telvirt.example;

import org.junit.jupiter.api.Test;
import org.telvirt.*;

/** The README's "write your own SLO test", verbatim: it must compile and run against the public API. */
@TelephonyExperiment
@MediaStreams(800) @SignalingLoad(callsPerSecond = 67) @CpuBoundVms(2)
class MediaVmGateExample {
    @Test
    @Weights(dom0 = 8192, media = 8192)
    @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
    @Slo(maxLossPercent = 0.0, p99DelayMillis = 5)
    void tunedMediaVmMeetsSlo(MediaRun run) {
        TelvirtAssertions.assertThat(run).hasNoLoss();
    }
}
