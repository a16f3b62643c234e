package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.telvirt.Cap;
import org.telvirt.HostException;
import org.telvirt.MediaStreams;
import org.telvirt.Role;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelephonyLab;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.host.HostDisturbance;
import org.telvirt.verdict.Findings;
import org.telvirt.verdict.PaperFindings;

/**
 * A run during which the hypervisor took the host's CPUs ends as an infrastructure error with the numbers, never as
 * an SLO verdict, and never counts towards a finding.
 */
class HostDisturbedTest extends FakeHostTest {
    private static final String DISTURBED = HostException.MESSAGE_PREFIX + " " + HostDisturbance.MESSAGE_PREFIX;
    private static final String FAKE_HOST = "fake-host.yaml";
    /** The fake under a name of its own: this JVM's other tests' runs of F1's columns on "fake" are not reused. */
    private static final String OWN_HOST = "fake-host-findings.yaml";
    /** Another name again, for the finding whose run is measured twice. */
    private static final String RETRY_HOST = "fake-host-findings-retry.yaml";

    private String modeBefore;

    @BeforeEach
    void judgeDisturbances() {
        modeBefore = System.setProperty(HostDisturbance.MODE_PROPERTY, "judge");
    }

    @AfterEach
    void quietAgain() {
        FakeHostEvents.stealPercent(0);
        if (modeBefore == null) {
            System.clearProperty(HostDisturbance.MODE_PROPERTY);
        } else {
            System.setProperty(HostDisturbance.MODE_PROPERTY, modeBefore);
        }
    }

    @Test
    void inRecordModeADisturbedRunIsJudgedOnItsSloAndKeepsItsNumbers() throws IOException {
        System.setProperty(HostDisturbance.MODE_PROPERTY, "record");
        FakeHostEvents.stealPercent(50);

        Events events = ExperimentKit.run(LossySlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("cappedDom0"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(text -> text.startsWith("SLO violated: loss 20.00 %")))));
        assertThat(runRecord().at("/hostDisturbance/disturbed").asBoolean()).as("recorded all the same").isTrue();
    }

    @Test
    void aQuietHostLeavesTheFailedSloToFailTheTest() {
        Events events = ExperimentKit.run(LossySlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("cappedDom0"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(text -> text.startsWith("SLO violated: loss 20.00 %")))));
        assertThat(exitCode(LossySlo.class, FAKE_HOST)).as("the SLO's exit code").isEqualTo(1);
    }

    @Test
    void aDisturbedRunEndsAsAnInfrastructureErrorWithItsNumbersThoughItsSloFailed() throws IOException {
        FakeHostEvents.stealPercent(30);

        Events events = ExperimentKit.run(LossySlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("cappedDom0"), finishedWithFailure(
                instanceOf(HostException.class), message(text -> text.startsWith(DISTURBED
                        + " steal 30.00 % of the window's CPU time (") && text.contains(" CPU-seconds) > 2 % limit, cpu 0"
                        + " lost 300 ms to steal within ") && text.contains(" ms > 20 ms limit over the clients' whole run")
                        && text.contains("configuration cappedDom0 on host 'fake'") && !text.contains("SLO violated")))));
        assertThat(FakeHostEvents.drain()).as("the host restored first").endsWith("restore cappedDom0", "shut down");
        JsonNode record = runRecord();
        assertThat(record.at("/hostDisturbance/disturbed").asBoolean()).isTrue();
        assertThat(record.at("/hostDisturbance/stealPercent").asDouble()).isEqualTo(30.0);
        assertThat(record.at("/hostDisturbance/stallMillis").asLong()).isEqualTo(300);
        assertThat(record.get("failure").asText()).startsWith("HostException: " + DISTURBED);
        assertThat(record.has("sloViolations")).as("no SLO verdict kept for a disturbed run").isFalse();
        assertThat(record.at("/summary/lossPercent").asDouble()).as("what it measured is kept").isEqualTo(20.0);
        assertThat(record.get("notes").toString()).contains("steal 30.00 % of ", "disturbed, the SLO was not judged");

        assertThat(exitCode(LossySlo.class, FAKE_HOST)).as("the infrastructure error's exit code").isEqualTo(3);
    }

    @Test
    void aDisturbedAttemptIsMeasuredAgainAndTheQuietOneIsJudgedOnItsSlo() throws IOException {
        FakeHostEvents.stealPercentOfNextRuns(30);

        Events events = ExperimentKit.run(LossySlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("cappedDom0"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(text -> text.startsWith("SLO violated: loss 20.00 %")))));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure"))
                .containsExactly("measure cappedDom0", "measure cappedDom0");
        JsonNode kept = runRecord();
        assertThat(kept.at("/hostDisturbance/disturbed").asBoolean()).isFalse();
        assertThat(kept.get("notes").toString()).contains("attempt 1 of 3 void, steal 30.00 % of the window's CPU time");
        JsonNode voided = new ObjectMapper().readTree(results.resolve("LossySlo/cappedDom0/test-cappedDom0.disturbed-1")
                .resolve(ResultFiles.RUN_RECORD).toFile());
        assertThat(voided.get("failure").asText()).startsWith("HostException: " + DISTURBED).contains("attempt 1 of 3");
        assertThat(voided.has("sloViolations")).isFalse();

        FakeHostEvents.stealPercentOfNextRuns(30);
        assertThat(exitCode(LossySlo.class, FAKE_HOST)).as("the SLO's exit code, not the void attempt's").isEqualTo(1);
    }

    @Test
    void aFindingsRunDisturbedOnceIsMeasuredAgainAndTheFindingJudged() {
        FakeHostEvents.stealPercentOfNextRuns(30);

        Events judged = ExperimentKit.run(JudgingF1.class, results, Map.of("telvirt.host", profile(RETRY_HOST)));

        judged.assertStatistics(stats -> stats.succeeded(1));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure"))
                .containsExactly("measure D", "measure D", "measure 2.3", "measure D", "measure 2.3");
    }

    @Test
    void aQuietRunRecordsItsStealAndItsSloVerdict() throws IOException {
        ExperimentKit.run(LossySlo.class, results);

        JsonNode record = runRecord();
        assertThat(record.at("/hostDisturbance/disturbed").asBoolean()).isFalse();
        assertThat(record.at("/hostDisturbance/cpuMillis").asLong()).isPositive();
        assertThat(record.at("/hostDisturbance/stealMillis").asLong()).isZero();
        assertThat(record.get("sloViolations").toString()).contains("loss 20.00 % > 0 % SLO");
        assertThat(record.get("notes").toString()).contains("steal 0.00 % of ").doesNotContain("disturbed,");
    }

    @Test
    void aDisturbedRunInAFindingsComparisonIsAnInfrastructureErrorAndIsNotReused() {
        FakeHostEvents.stealPercent(30);

        Events judged = ExperimentKit.run(JudgingF1.class, results, Map.of("telvirt.host", profile(OWN_HOST)));

        judged.assertThatEvents().haveExactly(1, event(test("judges"), finishedWithFailure(
                instanceOf(HostException.class), message(text -> text.startsWith(DISTURBED)))));
        assertThat(judged.reportingEntryPublished().count()).as("no verdict published").isZero();
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure"))
                .as("the first run, disturbed in every attempt, ends the judgement")
                .containsExactly("measure D", "measure D", "measure D");
        assertThat(exitCode(JudgingF1.class, OWN_HOST)).isEqualTo(3);

        FakeHostEvents.stealPercent(0);
        FakeHostEvents.drain();
        ExperimentKit.run(JudgingF1.class, results, Map.of("telvirt.host", profile(OWN_HOST)))
                .assertStatistics(stats -> stats.succeeded(1));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure"))
                .as("both rounds measured anew: no disturbed run was kept").containsExactly("measure D", "measure 2.3",
                        "measure D", "measure 2.3");
    }

    private JsonNode runRecord() throws IOException {
        return new ObjectMapper().readTree(results.resolve("LossySlo/cappedDom0/test-cappedDom0")
                .resolve(ResultFiles.RUN_RECORD).toFile());
    }

    /** The exit code {@code ./telvirt} would return after the fixture ran through the launcher and its listener. */
    private int exitCode(Class<?> fixture, String profile) {
        Path outcome = results.resolve("outcome-" + fixture.getSimpleName());
        OutcomeListener listener = new OutcomeListener(outcome, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        String previous = System.setProperty(ResultFiles.DIRECTORY_PROPERTY, results.resolve("launcher").toString());
        try {
            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                    .addTestExecutionListeners(listener).build())
                    .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                            .configurationParameter("telvirt.host", profile(profile))
                            .configurationParameter("telvirt.seconds", "2").build());
            return Integer.parseInt(Files.readString(outcome.resolve(OutcomeListener.EXIT_CODE_FILE)).trim());
        } catch (IOException unwritten) {
            throw new AssertionError("the outcome listener wrote no exit code: " + unwritten, unwritten);
        } finally {
            if (previous == null) {
                System.clearProperty(ResultFiles.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(ResultFiles.DIRECTORY_PROPERTY, previous);
            }
        }
    }

    private static String profile(String resource) {
        try {
            return Path.of(HostDisturbedTest.class.getResource("/" + resource).toURI()).toString();
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class LossySlo {
        @Test
        @Cap(domain = Role.DOM0, percent = 10)
        @Slo(maxLossPercent = 0.0)
        void cappedDom0() {
        }
    }

    @TelephonyLab
    static class JudgingF1 {
        @Test
        void judges(Findings findings) {
            findings.judge(PaperFindings.F1);
        }
    }
}
