package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ProgressReporter progress =
            new ProgressReporter("Figure 7", 4, new PrintStream(console, true, StandardCharsets.UTF_8), nanos::get);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void estimatesTheRemainingTimeFromTheMeanTimePerConfiguration() {
        DelayRow d = SyntheticDelays.row("D", 800, 0.3, 1, 350, 1.2);
        advanceSeconds(20);
        String first = progress.finished(d);
        advanceSeconds(40);
        String second = progress.finished(DelayRow.noData("2.1", 800, "timed out"));
        advanceSeconds(60);
        progress.finished(d);
        advanceSeconds(80);
        String last = progress.finished(d);

        assertThat(first).isEqualTo("[Figure 7] 1/4 D: 800 streams, loss 0.30 %, p50 "
                + ReportFormat.millis(d.delay().p50Micros()) + ", p99 " + ReportFormat.millis(d.delay().p99Micros())
                + ", elapsed 20s, remaining ~1m00s");
        assertThat(second).isEqualTo("[Figure 7] 2/4 2.1: 800 streams, loss no data, p50 -, p99 -, "
                + "elapsed 1m00s, remaining ~1m00s");
        assertThat(last).endsWith("elapsed 3m20s, remaining ~0s");
        assertThat(console.toString(StandardCharsets.UTF_8).lines()).hasSize(4).startsWith(first, second);
    }

    @Test
    void anOpenEndedRunCountsUpWithoutATotalOrAnEstimate() {
        ProgressReporter lab = new ProgressReporter("PaperFindingsIT", ProgressReporter.OPEN_ENDED,
                new PrintStream(console, true, StandardCharsets.UTF_8), nanos::get);
        DelayRow d = SyntheticDelays.row("F9 D", 120, 0.0, 1, 350, 1.2);
        advanceSeconds(17);
        lab.finished(d);
        advanceSeconds(17);
        String second = lab.finished(d);

        assertThat(second).startsWith("[PaperFindingsIT] 2 F9 D: 120 streams, loss 0 %").endsWith("elapsed 34s")
                .doesNotContain("remaining");
    }

    @Test
    void neverEstimatesANegativeRemainderWhenMoreConfigurationsRunThanAnnounced() {
        ProgressReporter one = new ProgressReporter("gate", 1,
                new PrintStream(console, true, StandardCharsets.UTF_8), nanos::get);
        DelayRow row = SyntheticDelays.row("recommended", 150, 0.0, 2, 200, 0.3);
        advanceSeconds(5);
        one.finished(row);
        advanceSeconds(5);

        assertThat(one.finished(row)).contains("2/1", "elapsed 10s, remaining ~0s");
    }

    @Test
    void formatsHours() {
        assertThat(ReportFormat.duration(java.time.Duration.ofSeconds(3723))).isEqualTo("1h02m03s");
    }

    @Test
    void rejectsAFigureWithoutConfigurations() {
        assertThatThrownBy(() -> new ProgressReporter("Figure 9", 0, System.out))
                .hasMessageContaining("Figure 9").hasMessageContaining("got 0");
    }
}
