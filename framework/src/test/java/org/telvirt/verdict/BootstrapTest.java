package org.telvirt.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.MeasuredSecond;
import org.telvirt.workloads.rtp.RunHistograms;

class BootstrapTest {
    private static final Configuration A = Figure.WEIGHTS.configuration("D");
    private static final Configuration B = Figure.WEIGHTS.configuration("2.3");

    /** {@code count} seconds of 1,000 packets: each loses {@code lostEach}, delays around {@code medianMicros}. */
    private static SecondsPool pool(long seed, int count, long lostEach, long medianMicros) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SparseSecond> seconds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Histogram delays = RunHistograms.newHistogram();
            for (int packet = 0; packet < 1_000 - lostEach; packet++) {
                delays.recordValue(Math.round(medianMicros * Math.exp(0.5 * random.nextGaussian())));
            }
            seconds.add(SparseSecond.of(new MeasuredSecond(1_000, lostEach + random.nextInt(3), delays)));
        }
        return new SecondsPool(seconds);
    }

    @Test
    void identicalPoolsGiveALossDifferenceIntervalAroundZeroAndADelayRatioIntervalAroundOne() {
        Interval difference = Bootstrap.interval(Statistic.lossDifference(A, B), pool(1, 12, 20, 2_000),
                pool(1, 12, 20, 2_000));
        Interval ratio = Bootstrap.interval(Statistic.delayRatio(50, A, B), pool(1, 12, 20, 2_000),
                pool(1, 12, 20, 2_000));

        assertThat(difference.point()).isZero();
        assertThat(difference.lower()).isNegative();
        assertThat(difference.upper()).isPositive();
        assertThat(ratio.point()).isEqualTo(1.0);
        assertThat(ratio.lower()).isLessThan(1.0);
        assertThat(ratio.upper()).isGreaterThan(1.0);
        assertThat(ratio.defined()).isTrue();
    }

    @Test
    void aShiftedPoolGivesAnIntervalExcludingNoDifference() {
        Interval difference = Bootstrap.interval(Statistic.lossDifference(A, B), pool(2, 12, 40, 2_000),
                pool(3, 12, 20, 2_000));
        Interval ratio = Bootstrap.interval(Statistic.delayRatio(50, A, B), pool(2, 12, 20, 3_000),
                pool(3, 12, 20, 2_000));

        assertThat(difference.lower()).as("40 against 20 lost in every 1,000: 2 points apart").isGreaterThan(1.5);
        assertThat(difference.upper()).isLessThan(2.5);
        assertThat(ratio.lower()).isGreaterThan(1.2);
        assertThat(ratio.upper()).isLessThan(1.8);
    }

    @Test
    void theFixedSeedMakesEveryIntervalTheSameWhateverWasComputedBefore() {
        SecondsPool first = pool(4, 12, 30, 2_000);
        SecondsPool second = pool(5, 12, 25, 2_500);
        Interval alone = Bootstrap.interval(Statistic.lossDifference(A, B), first, second);
        Bootstrap.interval(Statistic.delayRatio(75, A, B), first, second);
        Interval after = Bootstrap.interval(Statistic.lossDifference(A, B), first, second);

        assertThat(after).isEqualTo(alone);
        assertThat(alone.lower()).isLessThan(alone.point()).isLessThan(alone.upper());
    }

    @Test
    void aOneConfigurationStatisticResamplesOnePool() {
        Interval loss = Bootstrap.interval(Statistic.loss(A), pool(6, 12, 0, 2_000), null);

        assertThat(loss.lower()).isGreaterThanOrEqualTo(0.0);
        assertThat(loss.upper()).isLessThan(0.3);
    }

    @Test
    void theIntervalIsTheTwoHundredFiftiethToTheNineThousandSevenHundredFiftiethSortedValue() {
        assertThat(Bootstrap.RESAMPLES).isEqualTo(10_000);
        assertThat(Bootstrap.LOWER_RANK).isEqualTo(250);
        assertThat(Bootstrap.UPPER_RANK).isEqualTo(9_750);
        assertThat(Bootstrap.SEED).isEqualTo(20261203L);
    }

    @Test
    void aDrawWithNoPacketBackLeavesTheIntervalUndefined() {
        List<SparseSecond> seconds = new ArrayList<>();
        seconds.add(SparseSecond.of(new MeasuredSecond(1_000, 1_000, RunHistograms.newHistogram())));
        Histogram one = RunHistograms.newHistogram();
        one.recordValue(900);
        seconds.add(SparseSecond.of(new MeasuredSecond(1_000, 999, one)));
        SecondsPool mostlyLost = new SecondsPool(seconds);

        Interval ratio = Bootstrap.interval(Statistic.delayRatio(50, A, B), mostlyLost, mostlyLost);

        assertThat(ratio.point()).isEqualTo(1.0);
        assertThat(ratio.undefinedResamples()).isPositive();
        assertThat(ratio.defined()).isFalse();
    }
}
