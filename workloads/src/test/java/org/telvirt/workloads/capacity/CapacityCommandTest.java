package org.telvirt.workloads.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telvirt.workloads.Telvirt;
import org.telvirt.workloads.launch.ChildProgram;

/**
 * The real program, small and with a lenient SLO, so the search's path is known: 20 streams, then the maximum 40,
 * each settled by two runs that agree (the default one retry).
 */
@Timeout(120)
class CapacityCommandTest {
    @Test
    void printsEachStepAndEndsWithOneJsonLine() throws Exception {
        try (ChildProgram capacity = ChildProgram.start(Telvirt.class, "capacity", List.of("--max-loss-percent", "100",
                "--max-p99-millis", "10000", "--duration", "500ms", "--warmup", "0s", "--start-streams", "20",
                "--max-streams", "40", "--threads", "1"), null)) {
            assertThat(capacity.awaitExit(Duration.ofSeconds(100))).as(String.join("\n", capacity.stderr())).isZero();

            List<String> lines = capacity.stdout();
            assertThat(lines).filteredOn(line -> line.matches("capacity: step \\d: \\d+ streams: loss .* meets the SLO"))
                    .hasSize(4);
            JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            List<String> fields = new ArrayList<>();
            result.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("maxStreams", "p99Micros", "lossPercent");
            assertThat(result.get("maxStreams").asInt()).isEqualTo(40);
            assertThat(result.get("p99Micros").asLong()).isPositive();
        }
    }
}
