package org.telvirt.workloads.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telvirt.workloads.io.JsonFiles;

/** A short real measurement of this machine: the figures' consistency, not their size, which is the host's. */
class HostJitterTest {
    @Test
    void measuresBothPhasesAndReportsConsistentFigures() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        HostJitter.Report report = new HostJitter(new HostJitter.Options(2, Duration.ofMillis(300), 50,
                Duration.ofMillis(200), 500, 0), new PrintStream(progress, true, StandardCharsets.UTF_8)).measure();

        assertThat(report.cpus()).isEqualTo(2);
        assertThat(report.wakeUps()).as("one wake-up per 500 us deadline in 200 ms").isEqualTo(400);
        assertThat(report.stalledPercent()).isBetween(0.0, 100.0);
        assertThat(report.stalledOver1MsPercent()).isBetween(0.0, report.stalledPercent());
        assertThat(report.gapsOver1MsPerCpuSecond()).isBetween(0.0, report.gapsPerCpuSecond());
        for (HostJitter.Percentiles percentiles : List.of(report.gapMicros(), report.wakeLatenessMicros())) {
            assertThat(percentiles.p50()).isLessThanOrEqualTo(percentiles.p99());
            assertThat(percentiles.p99()).isLessThanOrEqualTo(percentiles.p999());
            assertThat(percentiles.p999()).isLessThanOrEqualTo(percentiles.max());
        }
        if (report.gapsPerCpuSecond() > 0) {
            assertThat(report.gapMicros().max()).isGreaterThan(50);
        }
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("2 spinning thread(s) for 0.3 s, gaps over 50 us")
                .contains("one thread sleeping 500 us at a time for 0.2 s");
    }

    @Test
    void theJsonLineHasTheDocumentedFieldsInOrder() throws Exception {
        HostJitter.Report report = new HostJitter(new HostJitter.Options(1, Duration.ofMillis(50), 100,
                Duration.ofMillis(20), 1_000, 0), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).measure();

        JsonNode json = new ObjectMapper().readTree(JsonFiles.toLine(report));
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("cpus", "spinSeconds", "gapThresholdMicros", "gapsPerCpuSecond",
                "gapsOver1MsPerCpuSecond", "stalledPercent", "stalledOver1MsPercent", "gapMicros", "sleepSeconds",
                "sleepMicros", "wakeUps",
                "wakeLatenessMicros");
        assertThat(json.get("wakeLatenessMicros").has("p999")).isTrue();
        assertThat(json.get("wakeUps").asLong()).isEqualTo(20);
    }
}
