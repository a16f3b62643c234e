package org.telvirt.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/** The one way every report of this package writes loss, delay and durations for people. */
public final class ReportFormat {
    static final String NO_DATA = "no data";
    /** What a delay reads as when no packet came back. */
    public static final String NO_PACKETS_BACK = "no packets back";
    /** A figure the run could not measure, in a table cell. */
    static final String NOT_MEASURED = "-";

    private ReportFormat() {
    }

    /** "0 %" only for a true zero, so that a single lost packet never reads as none. */
    static String loss(DelayRow row) {
        return row.measuredRun() ? loss(row.lossPercent()) : NO_DATA;
    }

    static String loss(double percent) {
        if (percent == 0.0) {
            return "0 %";
        }
        if (percent < 0.01) {
            return "<0.01 %";
        }
        return String.format(Locale.ROOT, "%.2f %%", percent);
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String p50(DelayRow row) {
        return row.delayPercentiles().map(d -> millis(d.p50Micros())).orElse(NOT_MEASURED);
    }

    static String p99(DelayRow row) {
        return row.delayPercentiles().map(d -> millis(d.p99Micros())).orElse(NOT_MEASURED);
    }

    /**
     * A delay as people read it, {@code 0.18 ms}; a run with no packet back has no delay at all, which no number
     * (0 ms least of all) may stand for.
     */
    public static String delay(OptionalDouble millis) {
        return millis.isPresent() ? decimal(millis.getAsDouble()) + " ms" : NO_PACKETS_BACK;
    }

    /** A number of milliseconds (or percent) with two significant decimals and no trailing zeros: {@code 0.18}. */
    public static String decimal(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(value >= 10 ? 1 : 2, RoundingMode.HALF_UP);
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** A MOS as every report shows it, {@code 4.41}, or {@code -} where the run could not rate one (NaN). */
    public static String mos(double mos) {
        return Double.isNaN(mos) ? NOT_MEASURED : String.format(Locale.ROOT, "%.2f", mos);
    }

    /** Whole seconds, as {@code 42s}, {@code 3m07s} or {@code 1h02m03s}. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", hours, minutes, rest);
        }
        if (minutes > 0) {
            return String.format(Locale.ROOT, "%dm%02ds", minutes, rest);
        }
        return rest + "s";
    }
}
