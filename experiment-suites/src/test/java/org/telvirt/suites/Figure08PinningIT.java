package org.telvirt.suites;

import static org.telvirt.TelvirtAssertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.FigureSource;
import org.telvirt.MediaRun;
import org.telvirt.TelephonyExperiment;

/**
 * Figure 8: vCPU pinning of Dom0 and the CPU-bound VMs.
 * Every column of the paper's figure: column N natively, the rest on the selected host.
 */
@TelephonyExperiment
@Tag("mixed-workload")
@Order(8)
class Figure08PinningIT {
    @ParameterizedTest(name = "{0}")
    @FigureSource(Figure.PINNING)
    void figure8(Configuration configuration, MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
