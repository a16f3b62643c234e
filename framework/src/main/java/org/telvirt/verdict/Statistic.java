package org.telvirt.verdict;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.telvirt.Configuration;

/**
 * What a claim reads off the seconds (docs/findings.md, section 1): a configuration's loss, the difference of two
 * configurations' losses ({@code dloss}, in points), or the ratio of their delay percentiles ({@code rX}).
 */
public sealed interface Statistic permits Statistic.Loss, Statistic.LossDifference, Statistic.DelayRatio {

    static Statistic loss(Configuration of) {
        return new Loss(of);
    }

    /** {@code dloss(minuend, subtrahend)} = loss(minuend) - loss(subtrahend), in percentage points. */
    static Statistic lossDifference(Configuration minuend, Configuration subtrahend) {
        return new LossDifference(minuend, subtrahend);
    }

    /** {@code rX(numerator, denominator)} = pX(numerator) / pX(denominator). */
    static Statistic delayRatio(int percentile, Configuration numerator, Configuration denominator) {
        return new DelayRatio(percentile, numerator, denominator);
    }

    /** The configurations it reads, one or two, in the order {@link #value} takes their seconds. */
    List<Configuration> configurations();

    /**
     * The statistic of the seconds {@code firstDraw} picks from {@code first}'s pool and {@code secondDraw} from
     * {@code second}'s ({@code second} and {@code secondDraw} unused for one configuration); NaN when undefined (a
     * percentile of no packet).
     */
    double value(SecondsPool first, int[] firstDraw, SecondsPool second, int[] secondDraw);

    /** {@code r50(2.3, D)}, with each configuration as {@code label} names it. */
    String describe(Function<Configuration, String> label);

    /** The unit its values are printed in, with its leading space; empty for a ratio. */
    String unit();

    /** A value as printed, to two decimals, without its unit. */
    static String format(double value) {
        return Double.isNaN(value) ? "undefined" : String.format(Locale.ROOT, "%.2f", value);
    }

    record Loss(Configuration of) implements Statistic {
        @Override
        public List<Configuration> configurations() {
            return List.of(of);
        }

        @Override
        public double value(SecondsPool first, int[] firstDraw, SecondsPool second, int[] secondDraw) {
            return first.lossPercent(firstDraw);
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "loss(" + label.apply(of) + ")";
        }

        @Override
        public String unit() {
            return " %";
        }
    }

    record LossDifference(Configuration minuend, Configuration subtrahend) implements Statistic {
        @Override
        public List<Configuration> configurations() {
            return List.of(minuend, subtrahend);
        }

        @Override
        public double value(SecondsPool first, int[] firstDraw, SecondsPool second, int[] secondDraw) {
            return first.lossPercent(firstDraw) - second.lossPercent(secondDraw);
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "dloss(" + label.apply(minuend) + ", " + label.apply(subtrahend) + ")";
        }

        @Override
        public String unit() {
            return " points";
        }
    }

    record DelayRatio(int percentile, Configuration numerator, Configuration denominator) implements Statistic {
        public DelayRatio {
            if (percentile <= 0 || percentile >= 100) {
                throw new IllegalArgumentException("a delay percentile is above 0 and below 100, got " + percentile);
            }
        }

        @Override
        public List<Configuration> configurations() {
            return List.of(numerator, denominator);
        }

        @Override
        public double value(SecondsPool first, int[] firstDraw, SecondsPool second, int[] secondDraw) {
            return first.percentileMicros(percentile, firstDraw) / second.percentileMicros(percentile, secondDraw);
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "r" + percentile + "(" + label.apply(numerator) + ", " + label.apply(denominator) + ")";
        }

        @Override
        public String unit() {
            return "";
        }
    }
}
