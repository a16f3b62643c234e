package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.engine.OutcomeListener.Outcome;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.report.FigureReport;

/**
 * A build compared with a previous one's {@code results.json} on the fake host, which measures the same clean run every
 * time (no loss, every packet back in 800 us): the baseline is a real run of the fixture, made faster by hand.
 */
class BaselineTest extends FakeHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunWritesItsSecondsCountsAndVerdictsIntoResultsJson() throws IOException {
        ExperimentKit.run(Gate.class, results);

        JsonNode written = JSON.readTree(results.resolve(RunResults.FILE).toFile());
        assertThat(written.get("schemaVersion").asInt()).isEqualTo(RunResults.SCHEMA_VERSION);
        JsonNode gate = run(written, "Gate.gate");
        assertThat(gate.get("key").asText()).isEqualTo("test-gate");
        assertThat(gate.get("host").asText()).isEqualTo("fake");
        assertThat(gate.get("image").isNull()).isTrue();
        assertThat(gate.get("streams").asInt()).isEqualTo(20);
        assertThat(gate.get("sent").asLong()).isEqualTo(2 * 20 * 50);
        assertThat(gate.get("lost").asLong()).isZero();
        assertThat(gate.get("sloVerdict").asText()).isEqualTo("MET");
        assertThat(gate.get("baseline").isNull()).as("no baseline given").isTrue();
        assertThat(gate.get("seconds")).hasSize(2);
        assertThat(gate.at("/seconds/0/sent").asLong()).isEqualTo(1_000);
        assertThat(gate.at("/seconds/0/delayMicros/0/1").asLong()).as("every packet of the second in one bucket")
                .isEqualTo(1_000);
        assertThat(gate.at("/seconds/0/delayMicros/0/0").asLong()).isBetween(800L, 801L);

        RunResults.Contents readBack = RunResults.read(results);
        assertThat(readBack.runs()).extracting(RunResults.Run::test).containsExactly("Gate.gate", "Gate.newCheck");
        assertThat(readBack.runs().get(0).delayMicros().getValueAtPercentile(99)).isBetween(800L, 801L);
        assertThat(readBack.runs().get(0).seconds().get(1).lost()).isZero();
    }

    @Test
    void twiceTheBaselinesDelayWithinTheSloFailsAsARegressionWithExitCodeOne() throws IOException {
        Path baseline = Files.createDirectories(results.resolve("baseline"));
        ExperimentKit.run(Gate.class, baseline);
        releasedFasterWithoutTheNewCheck(baseline);
        Path current = results.resolve("current");
        FakeHostEvents.drain();

        Events events = ExperimentKit.run(Gate.class, current, Map.of(Baseline.PROPERTY, baseline.toString()));

        events.assertThatEvents().haveExactly(1, event(test("gate"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(text -> text.startsWith(
                        "regression against baseline v1.4 (1 run, 2 s; this run 2 s;")
                        && text.contains(": p50 r50(this run, baseline) = 2.00 [2.00, 2.00]: refuted (refuted when"
                                + " L >= 1.25); p99 r99(this run, baseline) = 2.00 [2.00, 2.00]: refuted")
                        && text.contains("loss dloss(this run, baseline) = 0.00 points [0.00, 0.00]: holds")
                        && text.contains("at 20 streams, loss 0.00 %, p50 0.8 ms, p99 0.8 ms")))));
        events.assertThatEvents().haveExactly(1, event(test("newCheck"), finishedSuccessfully()));
        assertThat(exitCode(events)).isEqualTo(1);

        JsonNode written = JSON.readTree(current.resolve(RunResults.FILE).toFile());
        assertThat(run(written, "Gate.gate").at("/baseline/outcome").asText()).isEqualTo("REGRESSION");
        assertThat(run(written, "Gate.gate").at("/baseline/claims/2/lower").asDouble()).isEqualTo(2.0);
        assertThat(run(written, "Gate.gate").get("sloVerdict").asText()).as("the absolute SLO still holds")
                .isEqualTo("MET");
        assertThat(run(written, "Gate.newCheck").at("/baseline/outcome").asText()).isEqualTo("NOT_IN_BASELINE");
        assertThat(run(written, "Gate.newCheck").at("/baseline/reason").asText())
                .isEqualTo("it has no run of Gate.newCheck test-newCheck on host fake");
        assertThat(current.resolve("Gate").resolve(FigureReport.BOXPLOT_FILE)).isNotEmptyFile();
    }

    @Test
    void aMissingBaselineDirectoryIsAConfigurationErrorBeforeTheHostIsTouched() {
        Path missing = results.resolve("no-such-release");

        Events events = ExperimentKit.run(Gate.class, results.resolve("current"),
                Map.of(Baseline.PROPERTY, missing.toString()));

        events.assertThatEvents().haveExactly(2, event(finishedWithFailure(
                instanceOf(InvalidConfigurationException.class), message("telvirt configuration error: -Dtelvirt.baseline="
                        + missing + ": no such directory (give a previous run's target/telvirt, which holds its"
                        + " results.json)"))));
        assertThat(FakeHostEvents.drain()).as("nothing provisioned").isEmpty();
        assertThat(exitCode(events)).isEqualTo(2);
    }

    @Test
    void aResultsJsonThatIsNotJsonOrOfAnotherSchemaIsAConfigurationError() throws IOException {
        Path garbled = Files.createDirectories(results.resolve("garbled"));
        Files.writeString(garbled.resolve(RunResults.FILE), "<html>not found</html>");
        Path newer = Files.createDirectories(results.resolve("newer"));
        Files.writeString(newer.resolve(RunResults.FILE), "{\"schemaVersion\": 2, \"runs\": []}");
        Path empty = Files.createDirectories(results.resolve("empty"));

        assertThatThrownBy(() -> Baseline.read(garbled)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("telvirt configuration error: -Dtelvirt.baseline=" + garbled
                        + ": its results.json is unreadable: ");
        assertThatThrownBy(() -> Baseline.read(newer)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("has schemaVersion 2; this telvirt reads 1");
        assertThatThrownBy(() -> Baseline.read(empty)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("its results.json is unreadable");
    }

    /** The released image was twice as fast, and had no {@code newCheck} yet. */
    private static void releasedFasterWithoutTheNewCheck(Path baseline) throws IOException {
        Path file = baseline.resolve(RunResults.FILE);
        ObjectNode released = (ObjectNode) JSON.readTree(file.toFile());
        released.put("version", "v1.4");
        ArrayNode runs = (ArrayNode) released.get("runs");
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (!runs.get(i).get("test").asText().equals("Gate.gate")) {
                runs.remove(i);
            }
        }
        for (JsonNode second : runs.get(0).get("seconds")) {
            for (JsonNode bucket : second.get("delayMicros")) {
                ((ArrayNode) bucket).set(0, bucket.get(0).asLong() / 2);
            }
        }
        JSON.writeValue(file.toFile(), released);
    }

    /** What {@code ./telvirt} would exit with for the run's failures: the most urgent one's code. */
    private static int exitCode(Events events) {
        return events.failed().stream()
                .map(failed -> failed.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .orElseThrow())
                .map(OutcomeListener::classify).sorted().findFirst().orElse(Outcome.PASSED).exitCode();
    }

    private static JsonNode run(JsonNode results, String test) {
        for (JsonNode run : results.get("runs")) {
            if (run.get("test").asText().equals(test)) {
                return run;
            }
        }
        throw new AssertionError("no run of " + test + " in " + results);
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class Gate {
        @Test
        @Slo(maxLossPercent = 0, p99DelayMillis = 5)
        void gate(MediaRun run) {
        }

        @Test
        void newCheck(MediaRun run) {
        }
    }
}
