package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telvirt.CoreCapacity;

/** Fewer cores cannot carry more streams: a search that finds they did, beyond its resolution, has failed. */
class CapacityRisingAsCoresFallTest {
    private static final double RESOLUTION_PERCENT = 10;

    @Test
    void capacityFallingWithTheCoresIsAnAnswer() {
        assertThat(CoreCapacitySearch.capacityRisingAsCoresFall(List.of(CoreCapacity.measured(4, 1000, List.of()),
                CoreCapacity.measured(3, 700, List.of()), CoreCapacity.measured(2, 400, List.of())),
                RESOLUTION_PERCENT)).isEmpty();
    }

    @Test
    void aRiseWithinTheSearchsResolutionIsNoise() {
        assertThat(CoreCapacitySearch.capacityRisingAsCoresFall(List.of(CoreCapacity.measured(4, 1000, List.of()),
                CoreCapacity.measured(3, 1100, List.of())), RESOLUTION_PERCENT)).isEmpty();
    }

    @Test
    void aRiseBeyondTheResolutionAgainstAnyLargerCountIsAFailureOfTheSearch() {
        List<String> rises = CoreCapacitySearch.capacityRisingAsCoresFall(List.of(
                CoreCapacity.measured(4, 1000, List.of()), CoreCapacity.skipped(3, "no cpupool"),
                CoreCapacity.measured(2, 1080, List.of()), CoreCapacity.measured(1, 1150, List.of())),
                RESOLUTION_PERCENT);

        assertThat(rises).containsExactly("1 cores carried 1150 streams, 4 cores only 1000: more than the search's 10 %"
                + " resolution (100 streams) apart");
    }
}
