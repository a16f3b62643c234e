package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.Figure;
import org.telvirt.Lab;
import org.telvirt.MediaRun;
import org.telvirt.TelephonyLab;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.verdict.FindingVerdict;
import org.telvirt.verdict.Findings;
import org.telvirt.verdict.PaperFindings;

/** A {@link Lab} measures what a test asks for, reusing this JVM's runs, and judges findings on them. */
class LabTest extends FakeHostTest {

    @Test
    void laterRunsOfAColumnAreMeasuredWhenAskedForAndEarlierRunsCount() {
        Events events = ExperimentKit.run(Repeating.class, results);

        events.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure"))
                .containsExactly("measure 3.1", "measure 3.1", "measure 3.1");
        assertThat(results.resolve("Repeating/measuresMore")).isDirectoryContaining("glob:**/fig06-3.1-run2")
                .isDirectoryContaining("glob:**/fig06-3.1-run3");
    }

    @Test
    void aFindingIsJudgedRoundByRoundOnTheLabsRunsAndItsVerdictPublished() throws Exception {
        Events events = ExperimentKit.run(Judging.class, results);

        events.assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure")).as("two rounds of D and 2.3,"
                + " where the fake host's equal delays refute F1.1 at once")
                .containsExactly("measure D", "measure 2.3", "measure D", "measure 2.3");
        List<ReportEntry> entries = events.reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow()).toList();
        assertThat(entries).hasSize(1);
        JsonNode verdict = new ObjectMapper().readTree(entries.get(0).getKeyValuePairs()
                .get(OutcomeListener.FINDING_ENTRY));
        assertThat(verdict.get("finding").asText()).isEqualTo("F1");
        assertThat(verdict.get("outcome").asText()).isEqualTo(FindingVerdict.Outcome.REFUTED.name());
        assertThat(verdict.at("/claims/0/claim").asText()).isEqualTo("F1.1");
        assertThat(verdict.at("/claims/0/lower").asDouble()).isEqualTo(1.0);
        assertThat(verdict.at("/configurations/0/seconds").asInt()).as("2 runs of 2 s").isEqualTo(4);
        assertThat(verdict.at("/premises/0/numbers").asText()).contains("loss(D) = 0.00 %");
        assertThat(entries.get(0).getKeyValuePairs().get(OutcomeListener.FINDING_SUMMARY_ENTRY))
                .startsWith("F1: FAIL (refuted), 2 runs: F1.1 refuted [1.00, 1.00]");
    }

    @TelephonyLab
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Repeating {
        @Test
        @Order(1)
        void measuresOnce(Lab lab) {
            assertThat(lab.measure(Figure.WEIGHTS, "3.1").configuration().id()).isEqualTo("3.1");
        }

        @Test
        @Order(2)
        void measuresMore(Lab lab) {
            MediaRun third = lab.measure(Figure.WEIGHTS.configuration("3.1"), 3);

            assertThat(third.resultDirectory()).endsWith(java.nio.file.Path.of("fig06-3.1-run3"));
            assertThat(lab.measure(Figure.WEIGHTS.configuration("3.1"), 2).resultDirectory())
                    .endsWith(java.nio.file.Path.of("fig06-3.1-run2"));
        }

        @Test
        @Order(3)
        void reusesWithoutMeasuring(Lab lab) {
            assertThat(lab.measure(Figure.WEIGHTS.configuration("3.1"), 3).configuration().id()).isEqualTo("3.1");
        }
    }

    @TelephonyLab
    static class Judging {
        @Test
        void judges(Findings findings) {
            FindingVerdict verdict = findings.judge(PaperFindings.F1);

            assertThat(verdict.runsPerConfiguration()).isEqualTo(2);
        }
    }
}
