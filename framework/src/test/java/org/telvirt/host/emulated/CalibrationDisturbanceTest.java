package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.telvirt.HostException;
import org.telvirt.host.HostDisturbance;

/** A calibration run during which the hypervisor took the CPUs is refused, never stored. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class CalibrationDisturbanceTest {
    private static final Path RUN = Path.of("calibration/check-1");

    @Test
    void stealAboveTheLimitRefusesTheCalibrationAsAHostDisturbance() {
        String mode = System.getProperty(HostDisturbance.MODE_PROPERTY);
        System.setProperty(HostDisturbance.MODE_PROPERTY, "judge");
        try {
            // 24 % steal, as a gate run measured on 2026-12-03 right after a calibration
            HostDisturbance stolen = new HostDisturbance(true, 6_000, 12_000, 2_880, 50, 0, 100);
            HostDisturbance quiet = new HostDisturbance(true, 6_000, 12_000, 30, 10, 0, 100);

            assertThatThrownBy(() -> EmulatedHost.refuseIfDisturbed(stolen, RUN)).isInstanceOf(HostException.class)
                    .hasMessageContaining(HostDisturbance.MESSAGE_PREFIX).hasMessageContaining("not calibrated");
            assertThatCode(() -> EmulatedHost.refuseIfDisturbed(quiet, RUN)).doesNotThrowAnyException();
        } finally {
            if (mode == null) {
                System.clearProperty(HostDisturbance.MODE_PROPERTY);
            } else {
                System.setProperty(HostDisturbance.MODE_PROPERTY, mode);
            }
        }
    }
}
