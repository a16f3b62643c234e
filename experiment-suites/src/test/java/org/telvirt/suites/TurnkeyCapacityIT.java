package org.telvirt.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.telvirt.CapacityResult;
import org.telvirt.CapacitySearch;
import org.telvirt.CoreCapacity;
import org.telvirt.MediaStreams;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;

/**
 * The paper's Figure 5 method on the turnkey deployment (Media VM and Signaling VM on a dedicated
 * host): start with every core, cut cores and raise streams until the SLO breaks, and report the
 * least cores that carry Figure 12's 720 streams at 60 calls a second and the most streams each
 * core count carries. Short runs and a coarse resolution keep it within about four minutes on two
 * CPUs; {@code -Dtelvirt.seconds} lengthens every run.
 */
@Tag("turnkey")
@Order(70)
@MediaStreams(value = 720, seconds = 4, warmupSeconds = 2)
@SignalingLoad(callsPerSecond = 60)
class TurnkeyCapacityIT {
    private static final int RESOLUTION_PERCENT = 50;

    @CapacitySearch(minCores = 2, startStreams = 360, maxStreams = 1440, resolutionPercent = RESOLUTION_PERCENT,
            retries = 1)
    @Slo(maxLossPercent = 0.1, p99DelayMillis = 40)
    void leastCoresAndMostStreamsWithinTheSlo(CapacityResult capacity) {
        List<CoreCapacity> measured = capacity.measured();
        assertThat(measured).as("core counts the host provided").isNotEmpty();
        for (int i = 1; i < measured.size(); i++) {
            CoreCapacity more = measured.get(i - 1);
            CoreCapacity fewer = measured.get(i);
            assertThat(fewer.maxStreams())
                    .as("%d cores carry no more than %d cores did, within the search's %d %% resolution",
                            fewer.cores(), more.cores(), RESOLUTION_PERCENT)
                    .isLessThanOrEqualTo(more.maxStreams() * (100 + RESOLUTION_PERCENT) / 100);
        }
        OptionalInt least = capacity.leastCores();
        if (least.isPresent()) {
            assertThat(measured).filteredOn(core -> core.cores() >= least.getAsInt())
                    .as("every core count down to the least carries the requested streams")
                    .allSatisfy(core -> assertThat(core.maxStreams()).isGreaterThanOrEqualTo(capacity.requestedStreams()));
        } else {
            assertThat(measured.get(0).maxStreams()).as("the most cores measured miss the requested streams")
                    .isLessThan(capacity.requestedStreams());
        }
    }
}
