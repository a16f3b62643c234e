package org.telvirt.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.telvirt.MeasuredSecond;
import org.telvirt.workloads.rtp.RunHistograms;

class SecondsPoolTest {

    @Test
    void aDrawsPercentileIsHdrHistogramsPercentileOfTheMergedSeconds() {
        SplittableRandom random = new SplittableRandom(11);
        List<Histogram> histograms = new ArrayList<>();
        List<SparseSecond> seconds = new ArrayList<>();
        for (int second = 0; second < 8; second++) {
            Histogram delays = RunHistograms.newHistogram();
            for (int packet = 0; packet < 500 + second * 37; packet++) {
                delays.recordValue(100 + random.nextLong(second % 3 == 0 ? 200_000 : 5_000));
            }
            histograms.add(delays);
            seconds.add(SparseSecond.of(new MeasuredSecond(1_000, 0, delays)));
        }
        SecondsPool pool = new SecondsPool(seconds);
        int[] draw = {3, 3, 0, 7, 5, 5, 5, 1};
        Histogram merged = RunHistograms.newHistogram();
        for (int second : draw) {
            merged.add(histograms.get(second));
        }

        for (double percentile : new double[] {1, 25, 50, 75, 90, 99, 99.9, 100}) {
            assertThat(pool.percentileMicros(percentile, draw)).as("p%s", percentile)
                    .isEqualTo((double) merged.getValueAtPercentile(percentile));
        }
        assertThat(pool.percentileMicros(50, new int[] {2})).isEqualTo((double) histograms.get(2)
                .getValueAtPercentile(50));
    }

    @Test
    void lossIsTheLostShareOfTheDrawnSecondsSent() {
        Histogram none = RunHistograms.newHistogram();
        SecondsPool pool = new SecondsPool(List.of(SparseSecond.of(new MeasuredSecond(1_000, 0, none)),
                SparseSecond.of(new MeasuredSecond(1_000, 300, none)), SparseSecond.of(new MeasuredSecond(0, 0, none))));

        assertThat(pool.lossPercent(pool.everySecond())).isEqualTo(15.0);
        assertThat(pool.lossPercent(new int[] {1, 1, 0})).isEqualTo(20.0);
        assertThat(pool.lossPercent(new int[] {2})).as("nothing sent: no loss to speak of").isNaN();
        assertThat(pool.percentileMicros(50, pool.everySecond())).as("no packet back: no delay").isNaN();
    }
}
