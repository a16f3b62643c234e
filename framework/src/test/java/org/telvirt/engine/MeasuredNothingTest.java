package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.telvirt.HostException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelvirtAssertions;
import org.telvirt.fake.FakeHostEvents;

/**
 * A gate that measured no packet has passed nothing: no loss of nothing would meet every SLO, so such a run ends as an
 * infrastructure error (exit 3), as does a gate whose every experiment was skipped ({@link OutcomeListenerTest}).
 */
class MeasuredNothingTest extends FakeHostTest {

    @Test
    void aRunWhoseClientSentNoPacketIsAnInfrastructureErrorNotAPass() {
        FakeHostEvents.sendNothingNext();

        ExperimentKit.run(Gate.class, results).assertThatEvents().haveExactly(1, event(test("gate"),
                finishedWithFailure(instanceOf(HostException.class), message(text -> text.startsWith(
                        HostException.MESSAGE_PREFIX + " configuration gate on host 'fake' measured nothing: the RTP"
                                + " client sent no packet in its measured seconds")))));
        assertThat(FakeHostEvents.drain()).as("the host restored").contains("restore gate");

        FakeHostEvents.sendNothingNext();
        assertThat(ExperimentKit.exitCode(Gate.class, results)).isEqualTo(3);
        assertThat(ExperimentKit.exitCode(Gate.class, results)).as("the same gate with packets").isZero();
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class Gate {
        @Test
        @Slo(maxLossPercent = 0.0)
        void gate(MediaRun run) {
            TelvirtAssertions.assertThat(run).hasNoLoss();
        }
    }
}
