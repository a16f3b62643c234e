package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.telvirt.host.Measurement;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.rtp.RunSummary;

class RepeatedRunsTest {
    private static final Configuration WEIGHTED = Figure.WEIGHTS.configuration("2.3");

    @Test
    void oneRunsBurstDoesNotMoveTheMedians() {
        RepeatedRuns runs = new RepeatedRuns(List.of(run(WEIGHTED, 0.0, 11_200, 0.40), run(WEIGHTED, 1.27, 127_700, 0.90),
                run(WEIGHTED, 0.02, 13_000, 0.50)));

        assertThat(runs.lossPercent()).isEqualTo(0.02);
        assertThat(runs.delayMillis(99)).isCloseTo(13.0, Offset.offset(0.02));
        assertThat(runs.coresUsedBy(Role.DOM0)).hasValueCloseTo(0.5, Offset.offset(1e-9));
        assertThat(runs).hasToString("2.3 on emulated, median of 3 runs: loss 0.02 %, p50 13 ms, p75 13 ms, p99 13 ms"
                + " (loss 0/1.27/0.02 %, p99 11.2/127.7/13 ms)");
    }

    @Test
    void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
        RepeatedRuns runs = new RepeatedRuns(List.of(run(WEIGHTED, 1.0, 1000, 0.2), run(WEIGHTED, 3.0, 1000, 0.4)));

        assertThat(runs.lossPercent()).isEqualTo(2.0);
        assertThat(runs.coresUsedBy(Role.DOM0)).hasValueCloseTo(0.3, Offset.offset(1e-9));
    }

    @Test
    void runsOfDifferentConfigurationsOrNoneAreRefused() {
        assertThatThrownBy(() -> new RepeatedRuns(List.of())).hasMessageContaining("no runs");
        assertThatThrownBy(() -> new RepeatedRuns(List.of(run(WEIGHTED, 0, 1000, 0.1),
                run(Figure.WEIGHTS.configuration("D"), 0, 1000, 0.1)))).hasMessageContaining("different configurations");
    }

    /** A run whose every packet took {@code delayMicros}, with Dom0 keeping {@code dom0Cores} busy. */
    private static MediaRun run(Configuration configuration, double lossPercent, long delayMicros, double dom0Cores) {
        Histogram delays = new Histogram(3);
        delays.recordValueWithCount(delayMicros, 1000);
        RunSummary.DelayMicros delay = new RunSummary.DelayMicros(delayMicros, delayMicros, delayMicros, delayMicros,
                delayMicros, delayMicros);
        RunSummary summary = new RunSummary(1, 6, 1000, 1000, 0, lossPercent, 0, 0, 0, delay,
                new RunSummary.JitterMicros(0, 0), new RunSummary.SendLatenessMicros(0, 0, 0), List.of());
        EnforcerReport scheduler = new EnforcerReport(EnforcerReport.EVENT, 1000, 1, 0, 0, 0, 0, List.of(0, 1),
                List.of(new EnforcerReport.Domain(Role.DOM0, dom0Cores * 1000, 0, 0, 0, 0, 0, 0, 0, 0)));
        return new MediaRun(configuration, "emulated", configuration.workload(), List.of(), List.of(), summary, delays,
                Map.of(MediaRun.CREDIT_SCHEDULER_STATISTICS, JsonFiles.toLine(scheduler)), List.of(),
                Path.of("target"), Duration.ZERO);
    }
}
