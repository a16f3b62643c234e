package org.telvirt.workloads.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

class CapacitySearchTest {
    private static final CapacitySearch.Slo SLO = new CapacitySearch.Slo(0, 2000);

    /** A stand-in host that carries {@code limit} streams at 0 % loss with p99 growing with load. */
    private static CapacitySearch.Trial<RunSummary> hostCarrying(int limit, List<Integer> tried) {
        return streams -> {
            tried.add(streams);
            RunHistograms histograms = RunHistograms.empty();
            histograms.delayMicros().recordValue(streams > limit ? 5000 : 500);
            long sent = streams * 50L;
            long received = streams > limit ? sent - 1 : sent;
            return RunSummary.of(streams, 1, List.of(new RunSummary.Second(sent, sent - received)), 0, 0, 0,
                    new RunSummary.JitterMicros(0, 0), histograms);
        };
    }

    @Test
    void doublesThenBisectsToWithinTheResolution() throws Exception {
        List<Integer> tried = new ArrayList<>();
        List<CapacitySearch.Step<RunSummary>> steps = new ArrayList<>();

        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 400, 20_000, 5, 0).search(hostCarrying(2345, tried), steps::add);

        assertThat(tried).startsWith(400, 800, 1600, 3200);
        assertThat(result.maxStreams()).isBetween((int) (2345 * 0.95), 2345);
        assertThat(result.best().delayMicros().p99()).isBetween(500L, 501L);
        assertThat(result.best().lossPercent()).isZero();
        assertThat(result.lowestFailure().streams()).isGreaterThan(result.maxStreams());
        assertThat(steps).hasSize(tried.size());
        assertThat(steps.get(3).meetsSlo()).isFalse();
    }

    @Test
    void halvesDownwardsWhenTheStartAlreadyFails() throws Exception {
        List<Integer> tried = new ArrayList<>();
        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 400, 20_000, 5, 0).search(hostCarrying(70, tried), step -> { });

        assertThat(tried).startsWith(400, 200, 100, 50);
        assertThat(result.maxStreams()).isBetween(67, 70);
    }

    @Test
    void oneMissAmongMeetingRunsDoesNotEndTheSearch() throws Exception {
        List<Integer> tried = new ArrayList<>();
        CapacitySearch.Trial<RunSummary> host = hostCarrying(2345, tried);
        CapacitySearch.Trial<RunSummary> noisyOnce = streams -> {
            RunSummary summary = host.run(streams);
            return streams == 1600 && tried.indexOf(1600) == tried.size() - 1
                    ? hostCarrying(0, new ArrayList<>()).run(streams) : summary;
        };

        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 400, 20_000, 5, 1).search(noisyOnce, step -> { });

        assertThat(tried).as("two agreeing runs settle a count, a third breaks a tie")
                .startsWith(400, 400, 800, 800, 1600, 1600, 1600, 3200, 3200);
        assertThat(result.maxStreams()).isBetween((int) (2345 * 0.95), 2345);
    }

    @Test
    void oneRunMeetingTheSloAmongMissesDoesNotMeetIt() throws Exception {
        List<Integer> tried = new ArrayList<>();
        CapacitySearch.Trial<RunSummary> host = hostCarrying(1000, tried);
        CapacitySearch.Trial<RunSummary> luckyOnce = streams -> {
            RunSummary summary = host.run(streams);
            return streams == 1600 && tried.indexOf(1600) == tried.size() - 1
                    ? hostCarrying(20_000, new ArrayList<>()).run(streams) : summary;
        };
        List<CapacitySearch.Step<RunSummary>> steps = new ArrayList<>();

        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 400, 20_000, 5, 1).search(luckyOnce, steps::add);

        assertThat(steps).filteredOn(step -> step.streams() == 1600).extracting(CapacitySearch.Step::meetsSlo)
                .containsExactly(true, false, false);
        assertThat(result.maxStreams()).isBetween((int) (1000 * 0.95), 1000);
        assertThat(result.lowestFailure().streams()).isLessThanOrEqualTo(1600);
    }

    @Test
    void stopsAtTheMaximumWhenEverythingPasses() throws Exception {
        List<Integer> tried = new ArrayList<>();
        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 400, 1000, 5, 0).search(hostCarrying(5000, tried), step -> { });

        assertThat(tried).containsExactly(400, 800, 1000);
        assertThat(result.maxStreams()).isEqualTo(1000);
    }

    @Test
    void reportsZeroWhenNothingMeetsTheSlo() throws Exception {
        List<Integer> tried = new ArrayList<>();
        CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(SLO, 4, 100, 5, 1).search(hostCarrying(0, tried), step -> { });

        assertThat(tried).as("each miss confirmed once").containsExactly(4, 4, 2, 2, 1, 1);
        assertThat(result.maxStreams()).isZero();
        assertThat(result.best()).isNull();
        assertThat(result.reported()).isSameAs(result.lowestFailure());
        assertThat(result.reported().lossPercent()).isPositive();
        assertThat(result.reported().streams()).as("the lowest count that missed").isEqualTo(1);
    }
}
