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
 * Figure 10: interrupt coalescing on the receiving NIC.
 * Every column of the paper's figure: column N natively, the rest on the selected host.
 */
@TelephonyExperiment
@Tag("mixed-workload")
@Order(10)
class Figure10CoalescingIT {
    @ParameterizedTest(name = "{0}")
    @FigureSource(Figure.COALESCING)
    void figure10(Configuration configuration, MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
