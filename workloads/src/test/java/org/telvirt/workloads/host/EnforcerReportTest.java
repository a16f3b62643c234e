package org.telvirt.workloads.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.workloads.io.JsonFiles;

class EnforcerReportTest {
    /** The last line of a real run's scheduler log (Figure 8, Dom0 floating over 4 logical cores on 2 CPUs). */
    private static final String FOUR_CORES_ON_TWO_CPUS = "{\"event\":\"credit-scheduler-stats\",\"runtimeMillis\":10000,"
            + "\"polls\":7716,\"loopCpuPercent\":26.4,\"processCpuPercent\":27.9,\"freezerWrites\":1214,"
            + "\"cpusetWrites\":666,\"quotaWrites\":420,\"logicalToPhysical\":[0,0,1,1],\"cpuPerLogicalCore\":0.5,\"hostBusyMillis\":12000.0,\"domains\":["
            + "{\"name\":\"dom0\",\"cpuMillis\":1500.0,\"heldMillis\":4000.0,\"chargedMillis\":3052.5,\"slices\":181,\"boosts\":33,\"parks\":0,"
            + "\"preemptions\":94,\"datagramWakeups\":6,\"wakeLatencyMeanMicros\":1206.6,\"wakeLatencyMaxMicros\":4268.5},"
            + "{\"name\":\"cpu1\",\"cpuMillis\":4000.0,\"heldMillis\":9000.0,\"chargedMillis\":6784.5,\"slices\":157,\"boosts\":4,\"parks\":0,"
            + "\"preemptions\":88,\"datagramWakeups\":0,\"wakeLatencyMeanMicros\":0.0,\"wakeLatencyMaxMicros\":0.0}]}";

    @Test
    void aDomainsCpuTimeCountsInLogicalCoresTwoToACpuWhenFourAreFoldedOntoTwo() {
        EnforcerReport report = JsonFiles.fromLine(FOUR_CORES_ON_TWO_CPUS, EnforcerReport.class);

        assertThat(report.logicalCoresUsed("dom0")).hasValueCloseTo(0.3, within(1e-9));
        assertThat(report.logicalCoresUsed("cpu1")).hasValueCloseTo(0.8, within(1e-9));
        assertThat(report.logicalCoresUsed("media")).isEmpty();
    }

    @Test
    void theCoresADomainHeldAreItsHeldTimeOverTheRun() {
        EnforcerReport report = JsonFiles.fromLine(FOUR_CORES_ON_TWO_CPUS, EnforcerReport.class);

        assertThat(report.logicalCoresHeld("dom0")).hasValueCloseTo(0.4, within(1e-9));
        assertThat(report.logicalCoresHeld("cpu1")).hasValueCloseTo(0.9, within(1e-9));
        assertThat(report.logicalCoresHeld("media")).isEmpty();
    }

    @Test
    void whatRanOutsideTheDomainsIsTheMachinesBusyTimeLessTheirs() {
        EnforcerReport report = JsonFiles.fromLine(FOUR_CORES_ON_TWO_CPUS, EnforcerReport.class);

        assertThat(report.cpusBusyOutsideDomains()).isCloseTo((12000.0 - 1500 - 4000) / 10000, within(1e-9));
    }

    @Test
    void aLineThatIsNotTheReportIsRefusedWithTheLine() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JsonFiles.fromLine("{\"event\":\"other\"}", EnforcerReport.class))
                .withMessageContaining("EnforcerReport").withMessageContaining("{\"event\":\"other\"}");
    }
}
