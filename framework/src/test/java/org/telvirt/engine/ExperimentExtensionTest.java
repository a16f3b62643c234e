package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.HostException;
import org.telvirt.Cap;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.FigureSource;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Pin;
import org.telvirt.Role;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelvirtAssertions;
import org.telvirt.VmmBypass;
import org.telvirt.Weights;

class ExperimentExtensionTest extends FakeHostTest {

    @Test
    void passingSloPassesAndInjectsTheMeasuredRun() {
        Events events = ExperimentKit.run(PassingSlo.class, results);

        events.assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(FakeHostEvents.drain()).containsExactly("boot", "provision tunedMediaVmMeetsSlo",
                "measure tunedMediaVmMeetsSlo", "restore tunedMediaVmMeetsSlo", "shut down");
    }

    @Test
    void failingSloFailsWithTheNumbersAfterTheHostWasRestored() {
        Events events = ExperimentKit.run(FailingSlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("cappedDom0"), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(text -> text.contains("loss 20.00 % > 0 % SLO") && text.contains("p99 delay 40 ms > 5 ms SLO")
                        && text.contains("20 streams")))));
        assertThat(FakeHostEvents.drain()).endsWith("restore cappedDom0", "shut down");
    }

    @Test
    void anExceptionWhileMeasuringStillRestoresTheHost() {
        FakeHostEvents.failNextMeasurement();

        Events events = ExperimentKit.run(PassingSlo.class, results);

        events.assertThatEvents().haveExactly(1, event(test("tunedMediaVmMeetsSlo"), finishedWithFailure(
                instanceOf(HostException.class), message(text -> text.startsWith("telvirt infrastructure error")))));
        assertThat(FakeHostEvents.drain()).containsExactly("boot", "provision tunedMediaVmMeetsSlo",
                "measure tunedMediaVmMeetsSlo", "restore tunedMediaVmMeetsSlo", "shut down");
    }

    @Test
    void aFailingTestBodyKeepsTheResultsOnDisk() throws Exception {
        Events events = ExperimentKit.run(ThrowingBody.class, results);

        events.assertStatistics(stats -> stats.failed(1));
        Path directory = results.resolve("ThrowingBody").resolve("bodyThrows").resolve("test-bodyThrows");
        assertThat(directory.resolve("run.json")).exists();
        assertThat(directory.resolve("summary.json")).exists();
        assertThat(Files.readString(directory.resolve("run.json"))).contains("\"configuration\" : \"bodyThrows\"");
    }

    @Test
    void invalidAnnotationsFailBeforeTheHostIsTouched() {
        Events events = ExperimentKit.run(InvalidAnnotations.class, results);

        events.assertThatEvents().haveExactly(1, event(test("weightOutOfRange"), finishedWithFailure(
                instanceOf(InvalidConfigurationException.class),
                message(text -> text.contains("@Weights on weightOutOfRange()") && text.contains("70000")
                        && text.contains("1..65535")))));
        events.assertThatEvents().haveExactly(1, event(test("pinToMissingCore"), finishedWithFailure(
                message(text -> text.contains("@Pin(domain = \"media\", cpus = \"7\")")))));
        events.assertThatEvents().haveExactly(1, event(test("unknownDomain"), finishedWithFailure(
                message(text -> text.contains("unknown domain 'mdia'")))));
        assertThat(FakeHostEvents.drain()).isEmpty();
    }

    @Test
    void whatTheHostCannotDoIsSkippedWithTheReason() {
        Events events = ExperimentKit.run(UnsupportedKnob.class, results);

        events.assertStatistics(stats -> stats.aborted(1));
        events.assertThatEvents().haveExactly(1, event(test("bypass"), org.junit.platform.testkit.engine
                .EventConditions.abortedWithReason(message(text -> text.contains("no second NIC")))));
        assertThat(FakeHostEvents.drain()).isEmpty();
    }

    @Test
    void aFigureSourceRunsEveryColumnOfTheFigure() {
        Events events = ExperimentKit.run(FigureFixture.class, results);

        events.assertStatistics(stats -> stats.started(Figure.COALESCING.configurations().size()).succeeded(4));
        assertThat(FakeHostEvents.drain()).filteredOn(event -> event.startsWith("provision"))
                .containsExactly("provision N", "provision D", "provision 1", "provision 2");
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class PassingSlo {
        @Test
        @Weights(dom0 = 8192, media = 8192)
        @Slo(maxLossPercent = 0.0, p99DelayMillis = 5)
        void tunedMediaVmMeetsSlo(MediaRun run) {
            TelvirtAssertions.assertThat(run).hasNoLoss().hasP99DelayBelow(Duration.ofMillis(5));
            assertThat(run.applied()).extracting(Object::toString).contains("fake weight.dom0 8192 -> recorded only");
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class FailingSlo {
        @Test
        @Cap(domain = Role.DOM0, percent = 10)
        @Slo(maxLossPercent = 0.0, p99DelayMillis = 5)
        void cappedDom0() {
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class ThrowingBody {
        @Test
        void bodyThrows(MediaRun run) {
            throw new IllegalStateException("the test body failed after measuring " + run.headline());
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class InvalidAnnotations {
        @Test
        @Weights(dom0 = 70000)
        void weightOutOfRange() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "7")
        void pinToMissingCore() {
        }

        @Test
        @Cap(domain = "mdia", percent = 50)
        void unknownDomain() {
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class UnsupportedKnob {
        @Test
        @VmmBypass
        void bypass() {
        }
    }

    @TelephonyExperiment
    static class FigureFixture {
        @ParameterizedTest(name = "{0}")
        @FigureSource(Figure.COALESCING)
        void figure10(Configuration configuration, MediaRun run) {
            assertThat(run.configuration()).isEqualTo(configuration.withWorkload(run.workload()));
        }
    }
}
