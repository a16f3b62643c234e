package org.telvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.telvirt.report.ReportFormat;

/**
 * The model behind {@link Slo}: limits a run must meet, inclusive; a negative limit is unset.
 * (Named apart from the annotation so both live in the one public package.)
 */
public record SloLimits(double maxLossPercent, double p99DelayMillis, double p50DelayMillis,
                        double maxJitterMillis) {
    /** How the failure of a run that broke its SLO starts. */
    public static final String VIOLATED_PREFIX = "SLO violated:";

    public static final SloLimits NONE = new SloLimits(Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET);

    public static SloLimits of(Slo slo) {
        return new SloLimits(slo.maxLossPercent(), slo.p99DelayMillis(), slo.p50DelayMillis(),
                slo.maxJitterMillis());
    }

    /**
     * Limits that cannot mean what was written, each naming {@code source}: a limit that is not a
     * number would never be checked, and a loss limit above 100 % could never fail.
     */
    public List<String> problems(String source) {
        List<String> problems = new ArrayList<>();
        String[] names = {"maxLossPercent", "p99DelayMillis", "p50DelayMillis", "maxJitterMillis"};
        double[] limits = {maxLossPercent, p99DelayMillis, p50DelayMillis, maxJitterMillis};
        for (int i = 0; i < limits.length; i++) {
            if (Double.isNaN(limits[i])) {
                problems.add(source + ": " + names[i] + " is not a number");
            }
        }
        if (maxLossPercent > 100) {
            problems.add(source + ": maxLossPercent " + maxLossPercent + " is above 100 %, so it can never fail");
        }
        return problems;
    }

    public boolean isSet() {
        return !equals(NONE);
    }

    /** What the run broke, each with the measured number and the limit; empty when it passed. */
    public List<String> violations(MediaRun run) {
        List<String> broken = new ArrayList<>();
        if (maxLossPercent >= 0 && run.lossPercent() > maxLossPercent) {
            broken.add(String.format(Locale.ROOT, "loss %.2f %% > %s %% SLO", run.lossPercent(),
                    ReportFormat.decimal(maxLossPercent)));
        }
        check(broken, "p99 delay", run.delayMillis(99.0), p99DelayMillis);
        check(broken, "p50 delay", run.delayMillis(50.0), p50DelayMillis);
        check(broken, "max jitter", OptionalDouble.of(run.maxJitterMillis()), maxJitterMillis);
        return broken;
    }

    /** A limit set and nothing measured against it (no packet back) is broken: no delay cannot meet a delay SLO. */
    private static void check(List<String> broken, String what, OptionalDouble measuredMillis, double limitMillis) {
        if (limitMillis >= 0 && (measuredMillis.isEmpty() || measuredMillis.getAsDouble() > limitMillis)) {
            broken.add(String.format(Locale.ROOT, "%s %s > %s ms SLO", what, ReportFormat.delay(measuredMillis),
                    ReportFormat.decimal(limitMillis)));
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (maxLossPercent >= 0) {
            parts.add("loss <= " + ReportFormat.decimal(maxLossPercent) + " %");
        }
        if (p99DelayMillis >= 0) {
            parts.add("p99 <= " + ReportFormat.decimal(p99DelayMillis) + " ms");
        }
        if (p50DelayMillis >= 0) {
            parts.add("p50 <= " + ReportFormat.decimal(p50DelayMillis) + " ms");
        }
        if (maxJitterMillis >= 0) {
            parts.add("jitter <= " + ReportFormat.decimal(maxJitterMillis) + " ms");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
