package org.telvirt.verdict;

import java.util.Locale;

/**
 * When a claim holds and when it is refuted, from its interval [L, U] (docs/findings.md, section 1):
 *
 * <table>
 * <caption>decisions</caption>
 * <tr><th>kind</th><th>holds</th><th>refuted</th></tr>
 * <tr><td>{@code S > t}, directional</td><td>L &gt; t</td><td>U &lt;= t</td></tr>
 * <tr><td>{@code S < t}, directional</td><td>U &lt; t</td><td>L &gt;= t</td></tr>
 * <tr><td>{@code S >= t}, level</td><td>L &gt;= t</td><td>U &lt; t</td></tr>
 * <tr><td>{@code S <= t}, level</td><td>U &lt;= t</td><td>L &gt; t</td></tr>
 * <tr><td>{@code S in (a, b)}, equivalence</td><td>a &lt; L and U &lt; b</td><td>U &lt;= a or L &gt;= b</td></tr>
 * </table>
 *
 * Anything else is undecided, as is an undefined interval.
 *
 * @param low {@code t}, or {@code a} of an equivalence
 * @param high {@code b} of an equivalence, NaN otherwise
 */
public record Criterion(Kind kind, double low, double high) {
    public enum Kind { ABOVE, BELOW, AT_LEAST, AT_MOST, BETWEEN }

    public Criterion {
        if (Double.isNaN(low) || kind == Kind.BETWEEN && !(low < high)) {
            throw new IllegalArgumentException("a criterion needs a threshold, and an equivalence a < b; got " + kind
                    + " " + low + ", " + high);
        }
    }

    /** {@code S > threshold}: holds when L > threshold. */
    public static Criterion above(double threshold) {
        return new Criterion(Kind.ABOVE, threshold, Double.NaN);
    }

    /** {@code S < threshold}: holds when U < threshold. */
    public static Criterion below(double threshold) {
        return new Criterion(Kind.BELOW, threshold, Double.NaN);
    }

    /** {@code S >= threshold}: holds when L >= threshold. */
    public static Criterion atLeast(double threshold) {
        return new Criterion(Kind.AT_LEAST, threshold, Double.NaN);
    }

    /** {@code S <= threshold}: holds when U <= threshold. */
    public static Criterion atMost(double threshold) {
        return new Criterion(Kind.AT_MOST, threshold, Double.NaN);
    }

    /** {@code S in (low, high)}, "no change": holds when low < L and U < high. */
    public static Criterion between(double low, double high) {
        return new Criterion(Kind.BETWEEN, low, high);
    }

    public ClaimDecision decide(Interval interval) {
        if (!interval.defined()) {
            return ClaimDecision.UNDECIDED;
        }
        double lower = interval.lower();
        double upper = interval.upper();
        boolean holds = switch (kind) {
            case ABOVE -> lower > low;
            case BELOW -> upper < low;
            case AT_LEAST -> lower >= low;
            case AT_MOST -> upper <= low;
            case BETWEEN -> low < lower && upper < high;
        };
        boolean refuted = switch (kind) {
            case ABOVE -> upper <= low;
            case BELOW -> lower >= low;
            case AT_LEAST -> upper < low;
            case AT_MOST -> lower > low;
            case BETWEEN -> upper <= low || lower >= high;
        };
        return holds ? ClaimDecision.HOLDS : refuted ? ClaimDecision.REFUTED : ClaimDecision.UNDECIDED;
    }

    /** {@code U < 1}, {@code 0.8 < L and U < 1.25}: the condition under which the claim holds. */
    public String holdsWhen() {
        return switch (kind) {
            case ABOVE -> "L > " + number(low);
            case BELOW -> "U < " + number(low);
            case AT_LEAST -> "L >= " + number(low);
            case AT_MOST -> "U <= " + number(low);
            case BETWEEN -> number(low) + " < L and U < " + number(high);
        };
    }

    /** The condition under which the claim is refuted. */
    public String refutedWhen() {
        return switch (kind) {
            case ABOVE -> "U <= " + number(low);
            case BELOW -> "L >= " + number(low);
            case AT_LEAST -> "U < " + number(low);
            case AT_MOST -> "L > " + number(low);
            case BETWEEN -> "U <= " + number(low) + " or L >= " + number(high);
        };
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
