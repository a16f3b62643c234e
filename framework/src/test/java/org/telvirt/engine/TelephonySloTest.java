package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.telvirt.Cap;
import org.telvirt.CpuBoundVms;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelvirtAssertions;
import org.telvirt.fake.FakeHostEvents;

/** The telephony limits of {@code @Slo} end to end on the fake host, and the limits and caps refused as written. */
class TelephonySloTest extends FakeHostTest {

    @Test
    void aStarvedHostMissesEveryTelephonyLimitWithItsNumbers() {
        Events events = ExperimentKit.run(TelephonyLimits.class, results);

        events.assertThatEvents().haveExactly(1, event(test("starvedDom0"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(text -> text.startsWith("SLO violated: MOS 1.")
                        && text.contains("< 4 SLO, worst-stream loss 20.00 % > 1 % SLO, p99 stream loss 20.00 % > 1 % SLO,"
                        + " burst loss 10 packets > 2 packets SLO, p99 call setup 250 ms > 50 ms SLO, failed calls 3 > 0 SLO at 20 streams")))));
        events.assertThatEvents().haveExactly(1, event(test("cleanHost"), finishedSuccessfully()));
    }

    @Test
    void theEndOfRunTableAndTheRunRecordCarryTheTelephonyFigures() throws Exception {
        ExperimentKit.run(TelephonyLimits.class, results);

        String table = Files.readString(results.resolve(RunReporting.END_OF_RUN_MARKDOWN));
        assertThat(table).contains("| MOS | worst stream | burst | setup p99 | failed calls | SLO |")
                .contains("| 4.41 | 0 % | 0 | 5 ms | 0 | met |");
        Path record = results.resolve("TelephonyLimits").resolve("cleanHost").resolve("test-cleanHost")
                .resolve(ResultFiles.RUN_RECORD);
        assertThat(Files.readString(record)).contains("\"mos\" : 4.4", "\"failedCalls\" : 0.0", "\"eModel\" : \"MOS: ITU-T G.107")
                .contains("\"signaling\" : {");
    }

    @Test
    void negativeCapsAndLimitsAndCallLimitsWithoutCallsAreConfigurationErrors() {
        Events events = ExperimentKit.run(BadLimits.class, results);

        events.assertThatEvents().haveExactly(1, event(test("capOfMinusOne"), finishedWithFailure(
                instanceOf(InvalidConfigurationException.class), message(text -> text.contains(
                        "@Cap(domain = \"media\", percent = -1) on capOfMinusOne(): cap -1 % of media is negative"
                                + " (0 means no cap; for the weighted share write percent = Cap.FAIR_SHARE)")))));
        events.assertThatEvents().haveExactly(1, event(test("delayLimitOfMinusOne"), finishedWithFailure(
                instanceOf(InvalidConfigurationException.class), message(text -> text.contains(
                        "@Slo on delayLimitOfMinusOne(): p99DelayMillis -1.0 is negative")))));
        events.assertThatEvents().haveExactly(1, event(test("failedCallsWithoutCalls"), finishedWithFailure(
                instanceOf(InvalidConfigurationException.class), message(text -> text.contains(
                        "@Slo on BadLimits.failedCallsWithoutCalls(): p99CallSetupMillis and maxFailedCalls limit calls,"
                                + " and the workload places none")))));
        events.assertThatEvents().haveExactly(1, event(test("fairShare"), finishedSuccessfully()));
        assertThat(FakeHostEvents.drain()).containsExactly("boot", "provision fairShare", "measure fairShare",
                "restore fairShare", "shut down");
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    @SignalingLoad(callsPerSecond = 10)
    static class TelephonyLimits {
        @Test
        @Cap(domain = Role.DOM0, percent = 10)
        @Slo(maxLossPercent = 100, minMos = 4, maxWorstStreamLossPercent = 1, p99StreamLossPercent = 1,
                maxBurstLossPackets = 2, p99CallSetupMillis = 50, maxFailedCalls = 0)
        void starvedDom0() {
        }

        @Test
        @Slo(minMos = 4.4, maxWorstStreamLossPercent = 0, maxBurstLossPackets = 0, p99CallSetupMillis = 5,
                maxFailedCalls = 0)
        void cleanHost(MediaRun run) {
            TelvirtAssertions.assertThat(run).hasMosAtLeast(4.4).hasWorstStreamLossAtMost(0).hasBurstLossAtMost(0)
                    .hasP99CallSetupBelow(Duration.ofMillis(5)).hasFailedCallsAtMost(0);
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class BadLimits {
        @Test
        @Cap(domain = Role.MEDIA, percent = -1)
        void capOfMinusOne() {
        }

        @Test
        @Slo(p99DelayMillis = -1)
        void delayLimitOfMinusOne() {
        }

        @Test
        @Slo(maxFailedCalls = 0)
        void failedCallsWithoutCalls() {
        }

        @Test
        @CpuBoundVms(2)
        @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
        void fairShare(MediaRun run) {
            assertThat(run.applied()).extracting(Object::toString).anyMatch(knob -> knob.contains("fair share"));
        }
    }
}
