package org.telvirt.verdict;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The percentile bootstrap over pooled seconds (docs/findings.md, section 1): {@value #RESAMPLES} resamples, each
 * drawing n_A seconds with replacement from the first configuration's pool, then n_B from the second's (none for a
 * one-configuration statistic), and computing the statistic; the 95 % interval runs from the
 * {@value #LOWER_RANK}th to the {@value #UPPER_RANK}th of the sorted values. The generator is
 * {@code SplittableRandom(}{@value #SEED}{@code )}, seeded afresh for every claim, so a claim's interval does not
 * depend on which claims were computed before it.
 */
public final class Bootstrap {
    public static final long SEED = 20261203L;
    public static final int RESAMPLES = 10_000;
    /** L and U as ranks (from 1) among the sorted resampled values: the 2.5th and 97.5th percentiles. */
    public static final int LOWER_RANK = 250;
    public static final int UPPER_RANK = 9_750;

    private Bootstrap() {
    }

    /** The statistic of the pools and its interval; {@code second} is null for a one-configuration statistic. */
    static Interval interval(Statistic statistic, SecondsPool first, SecondsPool second) {
        double point = statistic.value(first, first.everySecond(), second,
                second == null ? null : second.everySecond());
        SplittableRandom random = new SplittableRandom(SEED);
        int[] firstDraw = new int[first.seconds()];
        int[] secondDraw = second == null ? null : new int[second.seconds()];
        double[] values = new double[RESAMPLES];
        int undefined = 0;
        for (int resample = 0; resample < RESAMPLES; resample++) {
            draw(random, firstDraw);
            if (secondDraw != null) {
                draw(random, secondDraw);
            }
            values[resample] = statistic.value(first, firstDraw, second, secondDraw);
            if (Double.isNaN(values[resample])) {
                undefined++;
            }
        }
        Arrays.sort(values);
        return new Interval(point, values[LOWER_RANK - 1], values[UPPER_RANK - 1], undefined);
    }

    private static void draw(SplittableRandom random, int[] draw) {
        for (int i = 0; i < draw.length; i++) {
            draw[i] = random.nextInt(draw.length);
        }
    }
}
