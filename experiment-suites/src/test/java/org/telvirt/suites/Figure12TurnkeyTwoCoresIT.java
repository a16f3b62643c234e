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
 * Figure 12: the turnkey load of 720 streams on 2 cores.
 * Every column of the paper's figure: column N natively, the rest on the selected host.
 */
@TelephonyExperiment
@Tag("turnkey")
@Order(12)
class Figure12TurnkeyTwoCoresIT {
    @ParameterizedTest(name = "{0}")
    @FigureSource(Figure.TURNKEY_TWO_CORES)
    void figure12(Configuration configuration, MediaRun run) {
        assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
    }
}
