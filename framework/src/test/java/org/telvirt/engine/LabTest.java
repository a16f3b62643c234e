package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.Figure;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.Lab;
import org.telvirt.MediaRun;
import org.telvirt.RepeatedRuns;
import org.telvirt.TelephonyLab;

/** A {@link Lab} measures what a test asks for, reusing this JVM's runs, and repeats columns for medians. */
class LabTest extends FakeHostTest {

    @Test
    void repeatedColumnsAreMeasuredRoundByRoundAndEarlierRunsCount() {
        Events events = ExperimentKit.run(Repeating.class, results);

        events.assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("measure")).containsExactly(
                "measure 3.1", "measure 3.2", "measure 3.1", "measure 3.2", "measure 3.1", "measure 3.2");
        assertThat(results.resolve("Repeating/compares")).isDirectoryContaining("glob:**/fig06-3.2")
                .isDirectoryContaining("glob:**/fig06-3.2-run2").isDirectoryContaining("glob:**/fig06-3.1-run3");
    }

    @Test
    void aComparisonRunCountBelowOneIsAConfigurationError() {
        Events events = ExperimentKit.run(Repeating.class, results, Map.of(Lab.COMPARISON_RUNS_PROPERTY, "0"));

        events.assertThatEvents().haveExactly(3, event(finishedWithFailure(cause(instanceOf(
                InvalidConfigurationException.class), message(text -> text.contains(
                "-Dtelvirt.comparisonRuns=0: expected a whole number of runs, at least 1"))))));
        assertThat(FakeHostEvents.drain()).isEmpty();
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
        void compares(Lab lab) {
            List<RepeatedRuns> repeated = lab.measureRepeatedly(Figure.WEIGHTS, "3.1", "3.2");

            assertThat(repeated).extracting(runs -> runs.configuration().id()).containsExactly("3.1", "3.2");
            assertThat(repeated).allSatisfy(runs -> assertThat(runs.runs()).hasSize(lab.comparisonRuns())
                    .extracting(MediaRun::resultDirectory).doesNotHaveDuplicates());
        }

        @Test
        @Order(3)
        void comparesAgainWithoutMeasuring(Lab lab) {
            assertThat(lab.measureRepeatedly(Figure.WEIGHTS, "3.2", "3.1")).extracting(runs -> runs.configuration().id())
                    .containsExactly("3.2", "3.1");
        }
    }
}
