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
 * Figure 7: caps on Dom0, the Media VM and the CPU-bound VMs.
 * Every column of the paper's figure: column N natively, the rest on the selected host.
 */
@TelephonyExperiment
@Tag("mixed-workload")
@Order(7)
class Figure07CapsIT {
    @ParameterizedTest(name = "{0}")
    @FigureSource(Figure.CAPS)
    void figure7(Configuration configuration, MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
