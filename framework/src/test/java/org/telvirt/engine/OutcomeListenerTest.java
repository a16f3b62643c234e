package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.engine.OutcomeListener.Outcome;
import org.telvirt.HostException;

class OutcomeListenerTest {
    @TempDir
    Path results;

    @Test
    void failuresAreSortedByWhatTheUserMustFix() {
        assertThat(OutcomeListener.classify(new AssertionFailedError("SLO violated: loss 3 % > 0 % SLO")))
                .isEqualTo(Outcome.TEST_FAILURE);
        assertThat(OutcomeListener.classify(new InvalidConfigurationException(List.of("@Weights(dom0 = 0)"))))
                .isEqualTo(Outcome.CONFIGURATION_ERROR);
        assertThat(OutcomeListener.classify(new RuntimeException("wrapped", new HostException("host unreachable"))))
                .isEqualTo(Outcome.INFRASTRUCTURE_ERROR);
        assertThat(Outcome.INFRASTRUCTURE_ERROR.exitCode()).isGreaterThan(Outcome.CONFIGURATION_ERROR.exitCode());
        assertThat(Outcome.CONFIGURATION_ERROR.exitCode()).isGreaterThan(Outcome.TEST_FAILURE.exitCode());
    }

    @Test
    void aTestSkippedByAnAssumptionPassesTheVerdictWithItsReasonPrintedAndKept() throws IOException {
        String console = run(FindingFixture.class);

        JsonNode verdict = new ObjectMapper().readTree(results.resolve(OutcomeListener.VERDICT_FILE).toFile());
        assertThat(verdict.get("outcome").asText()).isEqualTo(Outcome.PASSED.name());
        assertThat(verdict.get("exitCode").asInt()).isZero();
        assertThat(results.resolve(OutcomeListener.EXIT_CODE_FILE)).hasContent("0");
        assertThat(verdict.at("/skipped/FindingFixture.needsMoreCores()").asText())
                .isEqualTo("Assumption failed: the domains kept 0.84 of 2 cores busy");
        assertThat(verdict.get("skipped").size()).isOne();
        assertThat(console).isEqualTo("[telvirt] skipped"
                + " FindingFixture.needsMoreCores(): Assumption failed: the domains kept 0.84 of 2 cores busy"
                + System.lineSeparator()
                + "[telvirt] verdict: PASSED, 1 skipped" + System.lineSeparator());
    }

    @Test
    void aRunWhoseExperimentsWereAllSkippedRanNothingAndIsAnInfrastructureError() throws IOException {
        String console = run(NothingRunsFixture.class);

        JsonNode verdict = new ObjectMapper().readTree(results.resolve(OutcomeListener.VERDICT_FILE).toFile());
        assertThat(verdict.get("outcome").asText()).isEqualTo(Outcome.INFRASTRUCTURE_ERROR.name());
        assertThat(verdict.get("experimentsRun").asInt()).isZero();
        assertThat(results.resolve(OutcomeListener.EXIT_CODE_FILE)).hasContent("3");
        assertThat(console).contains("nothing ran: all 1 experiment(s) were skipped",
                "skipped NothingRunsFixture.gate(): Assumption failed: no such host");
    }

    @Test
    void everyJudgedFindingIsPrintedAtTheEndAndKeptWholeInTheVerdict() throws IOException {
        String console = run(JudgedFixture.class);

        JsonNode verdict = new ObjectMapper().readTree(results.resolve(OutcomeListener.VERDICT_FILE).toFile());
        assertThat(verdict.at("/findings/0/finding").asText()).isEqualTo("F4");
        assertThat(verdict.at("/findings/0/claims/0/lower").asDouble()).isEqualTo(0.94);
        assertThat(console).startsWith("[telvirt] finding F4: PASS, 2 runs: F4.1 holds"
                + " [0.94, 1.03] (host emulated)" + System.lineSeparator());
    }

    /** Runs the fixture through the launcher with only the listener under test; what it printed. */
    private String run(Class<?> fixture) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        OutcomeListener listener = new OutcomeListener(results, new PrintStream(console, true, StandardCharsets.UTF_8));
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                        .addTestExecutionListeners(listener).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build());
        return console.toString(StandardCharsets.UTF_8);
    }

    @Tag("experiment")
    static class NothingRunsFixture {
        @Test
        void gate() {
            Assumptions.assumeTrue(false, "no such host");
        }
    }

    static class JudgedFixture {
        @Test
        void judges(TestReporter reporter) {
            reporter.publishEntry(Map.of(OutcomeListener.FINDING_ENTRY,
                    "{\"finding\":\"F4\",\"claims\":[{\"claim\":\"F4.1\",\"lower\":0.94,\"upper\":1.03}]}",
                    OutcomeListener.FINDING_SUMMARY_ENTRY, "F4: PASS, 2 runs: F4.1 holds [0.94, 1.03] (host emulated)"));
        }
    }

    @Tag("experiment")
    static class FindingFixture {
        @Test
        void holds() {
            assertThat(0.0).isZero();
        }

        @Test
        void needsMoreCores() {
            Assumptions.assumeTrue(false, "the domains kept 0.84 of 2 cores busy");
        }
    }
}
