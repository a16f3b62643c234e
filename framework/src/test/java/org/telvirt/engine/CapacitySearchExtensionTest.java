package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.CapacityResult;
import org.telvirt.CapacitySearch;
import org.telvirt.CoreCapacity;
import org.telvirt.Cores;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaStreams;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;

/**
 * The capacity search through the Jupiter engine on the fake host, whose cores carry 250 streams
 * each without loss: with a resolution of 50 % the search's path is known step by step.
 */
class CapacitySearchExtensionTest {
    /** What the fixtures' test bodies were given, for the assertions out here. */
    static volatile CapacityResult injected;

    @TempDir
    Path results;

    @BeforeEach
    void forgetEarlierRuns() {
        FakeHostEvents.drain();
        injected = null;
    }

    @Test
    void searchesFromTheMostCoresDownEachCutStartingAtWhatTheCoresBeforeCarried() {
        Events events = ExperimentKit.run(FourToTwoCores.class, results);

        events.assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("provision")).containsExactly(
                "provision 4 cores 200 streams step 1", "provision 4 cores 400 streams step 2",
                "provision 4 cores 800 streams step 3", "provision 4 cores 1600 streams step 4",
                "provision 4 cores 1200 streams step 5",
                "provision 3 cores 800 streams step 6", "provision 3 cores 400 streams step 7",
                "provision 3 cores 600 streams step 8",
                "provision 2 cores 600 streams step 9", "provision 2 cores 300 streams step 10",
                "provision 2 cores 450 streams step 11");
    }

    @Test
    void injectsPerCoreCountTheMostStreamsAndTheLeastCoresThatCarryTheRequestedLoad() {
        ExperimentKit.run(FourToTwoCores.class, results);

        assertThat(injected.coreCounts()).extracting(CoreCapacity::cores, CoreCapacity::maxStreams)
                .containsExactly(tuple(4, 800), tuple(3, 600),
                        tuple(2, 450));
        assertThat(injected.requestedStreams()).isEqualTo(500);
        assertThat(injected.leastCores()).hasValue(3);
        assertThat(injected.mostStreams()).isEqualTo(800);
        assertThat(injected.at(3).orElseThrow().best().orElseThrow().run().lossPercent()).isZero();
        assertThat(injected.steps()).filteredOn(step -> !step.meetsSlo())
                .allSatisfy(step -> assertThat(step.sloViolations()).anyMatch(text -> text.startsWith("loss 10.00 %")));
    }

    @Test
    void writesTheTableAsMarkdownAndCsvBesideTheRuns() throws Exception {
        ExperimentKit.run(FourToTwoCores.class, results);

        Path directory = results.resolve("FourToTwoCores").resolve("search");
        assertThat(Files.readString(directory.resolve(CapacityReport.MARKDOWN)))
                .contains("Least cores that carry them: 3")
                .contains("| 3 | 600 | 600 | 0.00 % |");
        List<String> csv = Files.readAllLines(directory.resolve(CapacityReport.CSV));
        assertThat(csv).hasSize(1 + 11);
        assertThat(csv.get(0)).startsWith("step,cores,streams,hostStreams,lossPercent");
        assertThat(directory.resolve("test-4_cores_200_streams_step_1").resolve("run.json")).exists();
    }

    @Test
    void aCoreCountTheHostCannotProvideIsSkippedWithTheHostsReason() {
        ExperimentKit.run(FiveToFourCores.class, results);

        assertThat(injected.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.cores()).isEqualTo(5);
            assertThat(skipped.skippedReason()).hasValueSatisfying(reason ->
                    assertThat(reason).contains("cores 5: the host has 4 cores"));
            assertThat(skipped.steps()).isEmpty();
        });
        assertThat(injected.measured()).extracting(CoreCapacity::cores).containsExactly(4);
        assertThat(FakeHostEvents.drain()).noneMatch(event -> event.contains("5 cores"));
    }

    @Test
    void aSearchTheHostCannotRunAtAnyCoreCountIsSkipped() {
        Events events = ExperimentKit.run(OnlyMissingCores.class, results);

        events.assertThatEvents().haveExactly(1, event(test("search"), abortedWithReason(
                message(text -> text.contains("5 cores: cores 5: the host has 4 cores")
                        && text.contains("6 cores: cores 6: the host has 4 cores")))));
        assertThat(FakeHostEvents.drain()).isEmpty();
    }

    @Test
    void aMisconfiguredSearchFailsNamingTheAnnotationBeforeTheHostIsTouched() {
        Events events = ExperimentKit.run(Misconfigured.class, results);

        events.assertThatEvents().haveExactly(1, event(test("fewerCoresAboveMore"), finishedWithFailure(
                instanceOf(InvalidConfigurationException.class), message(text -> text.contains(
                        "@CapacitySearch(minCores = 4, maxCores = 2") && text.contains("on Misconfigured.fewerCoresAboveMore()")
                        && text.contains("minCores 4 is above maxCores 2")))));
        events.assertThatEvents().haveExactly(1, event(test("startAboveMaximum"), finishedWithFailure(
                message(text -> text.contains("startStreams 900 is above maxStreams 800")))));
        events.assertThatEvents().haveExactly(1, event(test("zeroResolution"), finishedWithFailure(
                message(text -> text.contains("resolutionPercent must be above 0 and at most 100, got 0.0")))));
        events.assertThatEvents().haveExactly(1, event(test("withoutSlo"), finishedWithFailure(
                message(text -> text.contains("no @Slo to search against")))));
        events.assertThatEvents().haveExactly(1, event(test("coresChosenByHand"), finishedWithFailure(
                message(text -> text.contains("@Cores beside @CapacitySearch")))));
        events.assertThatEvents().haveExactly(1, event(test("requestedLoadAboveMaximum"), finishedWithFailure(
                message(text -> text.contains("maxStreams 400 is below the 500 streams of @MediaStreams")))));
        assertThat(FakeHostEvents.drain()).isEmpty();
    }

    /** Also a {@link TelephonyExperiment}: its extension must leave the search to the search. */
    @TelephonyExperiment
    @MediaStreams(value = 500, seconds = 2)
    static class FourToTwoCores {
        @CapacitySearch(minCores = 2, maxCores = 4, startStreams = 200, maxStreams = 1600, resolutionPercent = 50,
                retries = 0)
        @Slo(maxLossPercent = 0)
        void search(CapacityResult result) {
            injected = result;
        }
    }

    @MediaStreams(value = 500, seconds = 2)
    static class FiveToFourCores {
        @CapacitySearch(minCores = 4, maxCores = 5, startStreams = 800, maxStreams = 1600, resolutionPercent = 50,
                retries = 0)
        @Slo(maxLossPercent = 0)
        void search(CapacityResult result) {
            injected = result;
        }
    }

    @MediaStreams(value = 500, seconds = 2)
    static class OnlyMissingCores {
        @CapacitySearch(minCores = 5, maxCores = 6, startStreams = 800, maxStreams = 1600)
        @Slo(maxLossPercent = 0)
        void search(CapacityResult result) {
            injected = result;
        }
    }

    @MediaStreams(value = 500, seconds = 2)
    static class Misconfigured {
        @CapacitySearch(minCores = 4, maxCores = 2)
        @Slo(maxLossPercent = 0)
        void fewerCoresAboveMore() {
        }

        @CapacitySearch(startStreams = 900, maxStreams = 800)
        @Slo(maxLossPercent = 0)
        void startAboveMaximum() {
        }

        @CapacitySearch(resolutionPercent = 0)
        @Slo(maxLossPercent = 0)
        void zeroResolution() {
        }

        @CapacitySearch(maxStreams = 400, startStreams = 100)
        @Slo(maxLossPercent = 0)
        void requestedLoadAboveMaximum() {
        }

        @CapacitySearch
        @Cores(2)
        @Slo(maxLossPercent = 0)
        void coresChosenByHand() {
        }

        @CapacitySearch
        void withoutSlo() {
        }
    }
}
