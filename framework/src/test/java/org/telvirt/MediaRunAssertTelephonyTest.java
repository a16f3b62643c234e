package org.telvirt;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.telvirt.TelvirtAssertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each telephony assertion passes at its limit and fails beyond it with the same words as {@code @Slo}. */
class MediaRunAssertTelephonyTest {
    /** One clean stream, one losing 50 of 1000 packets in bursts of 5; 2 of 600 calls failed, p99 setup 80 ms. */
    private static final MediaRun LOSSY = TelephonyRuns.run(2_000, 0, new long[] {0, 50}, 5,
            Optional.of(TelephonyRuns.calls(2, 80)));

    @Test
    void mos() {
        assertThatCode(() -> assertThat(LOSSY).hasMosAtLeast(4.1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(LOSSY).hasMosAtLeast(4.4))
                .hasMessageStartingWith("MOS 4.17 < 4.4 SLO at 2 streams, loss 2.50 %");
    }

    @Test
    void worstAndP99StreamLoss() {
        assertThatCode(() -> assertThat(LOSSY).hasWorstStreamLossAtMost(5).hasP99StreamLossAtMost(5))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(LOSSY).hasWorstStreamLossAtMost(4.99))
                .hasMessageStartingWith("worst-stream loss 5.00 % > 4.99 % SLO at ");
        assertThatThrownBy(() -> assertThat(LOSSY).hasP99StreamLossAtMost(1))
                .hasMessageStartingWith("p99 stream loss 5.00 % > 1 % SLO at ");
    }

    @Test
    void burstLoss() {
        assertThatCode(() -> assertThat(LOSSY).hasBurstLossAtMost(5)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(LOSSY).hasBurstLossAtMost(4))
                .hasMessageStartingWith("burst loss 5 packets > 4 packets SLO at ");
    }

    @Test
    void callSetupAndFailedCalls() {
        assertThatCode(() -> assertThat(LOSSY).hasP99CallSetupBelow(Duration.ofMillis(80)).hasFailedCallsAtMost(2))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(LOSSY).hasP99CallSetupBelow(Duration.ofMillis(50)))
                .hasMessageStartingWith("p99 call setup 80 ms > 50 ms SLO at ");
        assertThatThrownBy(() -> assertThat(LOSSY).hasFailedCallsAtMost(0))
                .hasMessageStartingWith("failed calls 2 > 0 SLO at ");
    }

    @Test
    void aRunWithoutCallsFailsACallAssertionInsteadOfPassingIt() {
        MediaRun withoutCalls = TelephonyRuns.run(2_000, 0, new long[2], 1, Optional.empty());

        assertThatThrownBy(() -> assertThat(withoutCalls).hasFailedCallsAtMost(0))
                .hasMessageStartingWith("failed calls not measured, <= 0 SLO at ");
    }
}
