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
 * Figure 13: VMM bypass, the Media VM on its own NIC, 2 cores.
 * Every column of the paper's figure: column N natively, the rest on the selected host.
 */
@TelephonyExperiment
@Tag("turnkey")
@Order(13)
class Figure13VmmBypassIT {
    @ParameterizedTest(name = "{0}")
    @FigureSource(Figure.VMM_BYPASS)
    void figure13(Configuration configuration, MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
