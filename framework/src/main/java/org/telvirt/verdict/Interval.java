package org.telvirt.verdict;

/**
 * A claim's statistic on the pooled seconds and its 95 % percentile-bootstrap interval [L, U].
 *
 * @param point the statistic of every pooled second
 * @param lower L, the 250th of the 10,000 sorted resampled values
 * @param upper U, the 9,750th
 * @param undefinedResamples resamples whose statistic had no value (no packet back in a draw): any makes the
 *     interval undefined, which decides nothing
 */
public record Interval(double point, double lower, double upper, int undefinedResamples) {

    public boolean defined() {
        return undefinedResamples == 0 && !Double.isNaN(point);
    }
}
