package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.telvirt.CpuBoundVms;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.SignalingLoad;
import org.telvirt.TelephonyExperiment;

/**
 * The mixed gate {@link XenGateSettingsTest} runs through the engine. A top-level class whose name no test pattern
 * matches ({@code -Dtest='Xen*'} matches nested classes too): run on its own, it would be an experiment on the
 * default host.
 */
@TelephonyExperiment
@MediaStreams(value = 10, seconds = 2)
@SignalingLoad(callsPerSecond = 1)
@CpuBoundVms(1)
class MixedGateFixture {
    @Test
    void gate(MediaRun run) {
    }
}
