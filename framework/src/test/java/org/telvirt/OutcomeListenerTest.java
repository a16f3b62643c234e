package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.telvirt.OutcomeListener.Outcome;
import org.telvirt.host.HostException;

class OutcomeListenerTest {
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
}
