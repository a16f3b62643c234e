package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.HostException;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.hostkit.credit.EnforcerReport;

class EmulatedCalibrationTest {
    private static final Workload LOAD = EmulatedCalibration.load(0.15);
    private static final double SECONDS = LOAD.seconds() + LOAD.warmupSeconds();

    /** A calibration run's report: the domains' CPU in ms over a 10 s run and the whole machine's busy ms. */
    private static EnforcerReport report(double dom0CpuMillis, double mediaCpuMillis, double outsideCpus) {
        long runtimeMillis = 10_000;
        double domainsMillis = dom0CpuMillis + mediaCpuMillis;
        return new EnforcerReport(EnforcerReport.EVENT, runtimeMillis, 1, 1, 1, 0, 0, 0, List.of(0, 0, 1, 1), 0.5,
                domainsMillis + outsideCpus * runtimeMillis, List.of(domain(Role.DOM0, dom0CpuMillis),
                domain(Role.MEDIA, mediaCpuMillis), domain(Role.SIGNALING, 0)));
    }

    private static EnforcerReport.Domain domain(String name, double cpuMillis) {
        return new EnforcerReport.Domain(name, cpuMillis, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theWorkAddedMakesDom0AndTheMediaVmNeedThePapersCoresAtItsLoad() {
        double relayPackets = 2 * LOAD.streams() * 50 * SECONDS;
        double mediaPackets = LOAD.streams() * 50 * SECONDS;
        // the bare relay at 8 us and the media server at 20 us per packet
        EnforcerReport bare = report(relayPackets * 8 / 1_000, mediaPackets * 20 / 1_000, 0.3);

        EmulatedCalibration calibration = EmulatedCalibration.of("this host", bare, LOAD, 2, 4);

        assertThat(calibration.relayMicrosPerPacket()).isCloseTo(8, within(1e-9));
        assertThat(calibration.mediaMicrosPerPacket()).isCloseTo(20, within(1e-9));
        // (2 CPUs - 1.25 x 0.3 busy outside) / 4 cores
        assertThat(calibration.cpuPerLogicalCore()).isCloseTo(0.40625, within(1e-9));
        double dom0Cpus = (calibration.relayMicrosPerPacket() + calibration.dom0WorkMicros()) * relayPackets / SECONDS / 1e6;
        double mediaCpus = (calibration.mediaMicrosPerPacket() + calibration.mediaGuestWorkMicros()) * mediaPackets
                / SECONDS / 1e6;
        assertThat(dom0Cpus / calibration.cpuPerLogicalCore()).isCloseTo(EmulatedCalibration.DOM0_CORES_AT_PAPER_LOAD,
                within(0.02));
        assertThat(mediaCpus / calibration.cpuPerLogicalCore())
                .isCloseTo(EmulatedCalibration.MEDIA_CORES_AT_PAPER_LOAD, within(0.02));
    }

    @Test
    void aLogicalCoreIsNeverMoreThanItsFoldedShareOfACpu() {
        EmulatedCalibration calibration = EmulatedCalibration.of("this host", report(1, 1, 0), LOAD, 2, 4);

        assertThat(calibration.cpuPerLogicalCore()).isEqualTo(0.5);
    }

    @Test
    void aPathAlreadyCostlierThanThePapersNeedsNoWork() {
        EnforcerReport costly = report(2 * LOAD.streams() * 50 * SECONDS, LOAD.streams() * 50 * SECONDS, 0.2);

        EmulatedCalibration calibration = EmulatedCalibration.of("this host", costly, LOAD, 2, 4);

        assertThat(calibration.dom0WorkMicros()).isZero();
        assertThat(calibration.mediaGuestWorkMicros()).isZero();
        // what the bare path needs is reported, not the target it overshoots
        double relayCpus = 2.0 * LOAD.streams() * 50 / 1_000;
        assertThat(calibration.dom0Cores()).isCloseTo(relayCpus / calibration.cpuPerLogicalCore(), within(1e-9))
                .isGreaterThan(EmulatedCalibration.DOM0_CORES_AT_PAPER_LOAD);
        assertThat(calibration.mediaCores()).isCloseTo(relayCpus / 2 / calibration.cpuPerLogicalCore(), within(1e-9));
        assertThat(calibration.describe()).contains(String.format(java.util.Locale.ROOT, "Dom0 used %.2f cores",
                calibration.dom0Cores()));
    }

    @Test
    void aMachineTooBusyOutsideTheDomainsCannotBeCalibrated() {
        assertThatThrownBy(() -> EmulatedCalibration.of("this host", report(1, 1, 1.5), LOAD, 2, 4))
                .isInstanceOf(HostException.class).hasMessageContaining("1.50 of 2 CPUs were busy");
    }

    @Test
    void aStoredCalibrationHoldsOnlyForItsOwnFingerprint(@TempDir Path dir) {
        Path file = dir.resolve("calibration.json");
        EmulatedCalibration calibration = EmulatedCalibration.of("host A", report(1, 1, 0.2), LOAD, 2, 4);
        calibration.store(file);

        assertThat(EmulatedCalibration.stored(file, "host A")).contains(calibration);
        assertThat(EmulatedCalibration.stored(file, "host B")).isEmpty();
        assertThat(EmulatedCalibration.stored(dir.resolve("absent.json"), "host A")).isEmpty();
    }

    @Test
    void aCheckRunThatMeasuresMoreThanTheTargetTakesTheDifferenceOffTheWork() {
        double share = 0.5;
        EmulatedCalibration derived = EmulatedCalibration.of("this host", report(1, 1, 0), LOAD, 2, 4);
        double relayPacketsPerSecond = 2 * LOAD.streams() * 50.0;
        // the check used 2.0 and 1.2 cores: Dom0's packets cost more on the loaded host than bare cost plus work
        EnforcerReport check = report(2.0 * share * SECONDS * 1_000, 1.2 * share * SECONDS * 1_000, 0);

        EmulatedCalibration checked = derived.checkedBy(check, LOAD);
        EmulatedCalibration retargeted = checked.retargeted(LOAD);

        assertThat(checked.dom0Cores()).isCloseTo(2.0, within(1e-9));
        assertThat(checked.mediaCores()).isCloseTo(1.2, within(1e-9));
        assertThat(checked.onTarget()).isFalse();
        double excessMicros = (2.0 - EmulatedCalibration.DOM0_CORES_AT_PAPER_LOAD) * share * 1e6 / relayPacketsPerSecond;
        assertThat(retargeted.dom0WorkMicros()).isEqualTo((int) Math.round(derived.dom0WorkMicros() - excessMicros));
        assertThat(retargeted.mediaGuestWorkMicros()).isEqualTo(derived.mediaGuestWorkMicros());
    }

    @Test
    void aCheckWithinATenthOfBothTargetsEndsTheCalibration() {
        double share = 0.5;
        EmulatedCalibration derived = EmulatedCalibration.of("this host", report(1, 1, 0), LOAD, 2, 4);

        EmulatedCalibration close = derived.checkedBy(report(1.5 * share * SECONDS * 1_000,
                1.1 * share * SECONDS * 1_000, 0), LOAD);
        EmulatedCalibration mediaShort = derived.checkedBy(report(1.4 * share * SECONDS * 1_000,
                1.0 * share * SECONDS * 1_000, 0), LOAD);

        assertThat(close.onTarget()).isTrue();
        assertThat(mediaShort.onTarget()).isFalse();
    }
}
