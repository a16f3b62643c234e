package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.telvirt.quality.EModel;

class MediaRunTelephonyTest {
    @Test
    void aCleanShortPathGetsTheBestRating() {
        MediaRun run = TelephonyRuns.clean();

        assertThat(run.oneWayDelayMillis()).isCloseTo(1.0, within(0.01));
        // a 1 ms echo path rates a hair above 0 ms: G.107's talker echo term dips below 0 there
        assertThat(run.rFactor()).isCloseTo(93.2, within(0.1));
        assertThat(run.mos()).isCloseTo(4.41, within(0.01));
        assertThat(run.burstRatio()).isEqualTo(1);
    }

    @Test
    void theDelayScoredIsHalfTheRoundTripPlusAJitterBufferOfTwiceTheJitter() {
        MediaRun run = TelephonyRuns.run(300_000, 25_000, new long[] {10, 10}, 1, Optional.empty());

        assertThat(run.oneWayDelayMillis()).isCloseTo(150, within(0.2));
        assertThat(run.jitterBufferMillis()).isEqualTo(50);
        assertThat(run.rFactor()).isCloseTo(EModel.rFactor(run.oneWayDelayMillis() + 50, 1.0, 1), within(1e-9));
        assertThat(run.mos()).isCloseTo(EModel.mos(run.rFactor()), within(1e-9));
    }

    @Test
    void burstyLossRatesWorseThanTheSameLossSpreadOut() {
        MediaRun spread = TelephonyRuns.run(2_000, 0, new long[] {20, 20}, 1, Optional.empty());
        MediaRun bursty = TelephonyRuns.run(2_000, 0, new long[] {20, 20}, 10, Optional.empty());

        assertThat(spread.burstRatio()).isEqualTo(1);
        assertThat(bursty.burstRatio()).isCloseTo(10 * (1 - 0.02), within(1e-9));
        assertThat(bursty.mos()).isLessThan(spread.mos());
    }

    @Test
    void theWorstAndThe99thPercentileStreamComeFromThePerStreamResults() {
        long[] lostByStream = LongStream.range(0, 100).toArray();
        lostByStream[42] = 300;
        MediaRun run = TelephonyRuns.run(2_000, 0, lostByStream, 4, Optional.empty());

        assertThat(run.worstStreamLossPercent()).isEqualTo(30.0);
        assertThat(run.p99StreamLossPercent()).as("the 99th of 100 streams by loss").isEqualTo(9.9);
        assertThat(run.longestLossBurstPackets()).isEqualTo(4);
    }

    @Test
    void callFiguresComeFromTheSignalingClient() {
        MediaRun run = TelephonyRuns.run(2_000, 0, new long[3], 1, Optional.of(TelephonyRuns.calls(2, 80)));

        assertThat(run.p50CallSetupMillis()).isEqualTo(40);
        assertThat(run.p99CallSetupMillis()).isEqualTo(80);
        assertThat(run.failedCalls()).isEqualTo(2);
    }

    @Test
    void whatTheRunCouldNotMeasureIsNaN() {
        MediaRun withoutCalls = TelephonyRuns.run(2_000, 0, new long[3], 1, Optional.empty());
        MediaRun withoutStreams = new MediaRun(withoutCalls.configuration(), withoutCalls.host(),
                withoutCalls.workload(), withoutCalls.applied(), withoutCalls.notes(), withoutCalls.summary(),
                withoutCalls.delayHistogram(), withoutCalls.hostStatistics(), withoutCalls.generators(),
                withoutCalls.resultDirectory(), withoutCalls.elapsed());

        assertThat(withoutCalls.p99CallSetupMillis()).isNaN();
        assertThat(withoutCalls.failedCalls()).isNaN();
        assertThat(withoutStreams.worstStreamLossPercent()).isNaN();
        assertThat(withoutStreams.p99StreamLossPercent()).isNaN();
        assertThat(withoutStreams.longestLossBurstPackets()).isNaN();
        assertThat(withoutStreams.burstRatio()).as("random loss assumed").isEqualTo(1);
        assertThat(withoutStreams.mos()).isCloseTo(withoutCalls.mos(), within(1e-9));
    }

    @Test
    void aRunThatGotNothingBackIsRatedOnItsLossAlone() {
        MediaRun silent = TelephonyRuns.run(2_000, 0, new long[] {1000, 1000}, 1000, Optional.empty());

        assertThat(silent.oneWayDelayMillis()).isNaN();
        assertThat(silent.rFactor()).isCloseTo(EModel.rFactor(0, 100, 1), within(1e-9));
        assertThat(silent.mos()).isLessThan(1.5);
    }
}
