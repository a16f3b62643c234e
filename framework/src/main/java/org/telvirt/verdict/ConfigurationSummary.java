package org.telvirt.verdict;

import java.util.Locale;
import org.telvirt.report.ReportFormat;

/**
 * A configuration's pooled seconds at a finding's stop, reported beside the verdict: loss, and the delay box and tail
 * (p99 is reported, never judged: the paper's boxes do not show the tail). Delays are NaN when no packet came back.
 */
public record ConfigurationSummary(String label, int runs, int seconds, double lossPercent, double p50Millis,
                                   double p75Millis, double p99Millis) {

    static ConfigurationSummary of(String label, MeasuredConfiguration measured) {
        SecondsPool pool = measured.pool();
        int[] every = pool.everySecond();
        return new ConfigurationSummary(label, measured.runs(), measured.seconds(), pool.lossPercent(every),
                pool.percentileMicros(50, every) / 1000, pool.percentileMicros(75, every) / 1000,
                pool.percentileMicros(99, every) / 1000);
    }

    /** {@code D: 2 runs, 12 s, loss 2.31 %, p50 1.2 ms, p75 2.5 ms, p99 130 ms}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %d runs, %d s, loss %.2f %%, p50 %s, p75 %s, p99 %s", label, runs,
                seconds, lossPercent, millis(p50Millis), millis(p75Millis), millis(p99Millis));
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? ReportFormat.NO_PACKETS_BACK : String.format(Locale.ROOT, "%.2f ms", value);
    }
}
