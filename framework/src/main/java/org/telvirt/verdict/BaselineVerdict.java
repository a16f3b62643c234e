package org.telvirt.verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What comparing a configuration with its baseline came to ({@link BaselineComparison}), with each claim's point value
 * and interval: {@link #describe()} is the line printed and the message of a regression, {@link #toJson()} goes into
 * {@code results.json}.
 *
 * @param baseline the baseline's name: its image, commit or directory
 * @param reason why it was not compared; empty when it was
 * @param claims loss, p50 and p99 against their margins; empty when not compared
 * @param baselineRuns the baseline's runs of the configuration, pooled
 */
public record BaselineVerdict(String baseline, Outcome outcome, String reason, List<ClaimResult> claims,
                              int baselineRuns, int baselineSeconds, int seconds) {
    /** How a regression's message starts, for whoever sorts failures by kind. */
    public static final String REGRESSION_PREFIX = "regression against baseline";

    public enum Outcome {
        /** Every claim holds: no worse than the baseline within the margins. */
        NO_REGRESSION,
        /** A claim refuted: worse than the baseline beyond its margin. The test fails. */
        REGRESSION,
        /** Neither shown: reported with the intervals, not failed. */
        UNDECIDED,
        /** The baseline has no run of the configuration on this host: reported, not failed. */
        NOT_IN_BASELINE,
        /** Both have it, but the runs cannot be compared (another stream count, no per-second counts). */
        NOT_COMPARABLE
    }

    public BaselineVerdict {
        claims = List.copyOf(claims);
    }

    /** A configuration that was not compared, and why. */
    public static BaselineVerdict notCompared(String baseline, Outcome outcome, String reason) {
        return new BaselineVerdict(baseline, outcome, reason, List.of(), 0, 0, 0);
    }

    static Outcome outcomeOf(List<ClaimResult> results) {
        if (results.stream().anyMatch(result -> result.decision() == ClaimDecision.REFUTED)) {
            return Outcome.REGRESSION;
        }
        return results.stream().allMatch(result -> result.decision() == ClaimDecision.HOLDS) ? Outcome.NO_REGRESSION
                : Outcome.UNDECIDED;
    }

    public boolean regressed() {
        return outcome == Outcome.REGRESSION;
    }

    /**
     * {@code regression against baseline v1.2 (1 run, 20 s; this run 20 s): p99 r99(this run, baseline) = 2.02
     * [1.96, 2.09]: refuted (refuted when L >= 1.25); ...}: the refuted claims first, then the others.
     */
    public String describe() {
        String head = switch (outcome) {
            case REGRESSION -> REGRESSION_PREFIX + " " + baseline;
            case NO_REGRESSION -> "no regression against baseline " + baseline;
            case UNDECIDED -> "undecided against baseline " + baseline;
            case NOT_IN_BASELINE -> "not in baseline " + baseline;
            case NOT_COMPARABLE -> "not comparable with baseline " + baseline;
        };
        if (claims.isEmpty()) {
            return head + ": " + reason;
        }
        String pooled = String.format(Locale.ROOT, " (%d run%s, %d s; this run %d s; 95 %% percentile-bootstrap"
                + " intervals over seconds, %,d resamples, SplittableRandom(%d))", baselineRuns,
                baselineRuns == 1 ? "" : "s", baselineSeconds, seconds, Bootstrap.RESAMPLES, Bootstrap.SEED);
        return head + pooled + ": " + claims.stream()
                .sorted((a, b) -> Boolean.compare(b.decision() == ClaimDecision.REFUTED,
                        a.decision() == ClaimDecision.REFUTED))
                .map(ClaimResult::describe).collect(Collectors.joining("; "));
    }

    /** The verdict as {@code results.json} keeps it; undefined numbers are null. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseline", baseline);
        json.put("outcome", outcome.name());
        if (!reason.isEmpty()) {
            json.put("reason", reason);
        }
        if (!claims.isEmpty()) {
            json.put("baselineRuns", baselineRuns);
            json.put("baselineSeconds", baselineSeconds);
            json.put("seconds", seconds);
            json.put("seed", Bootstrap.SEED);
            json.put("resamples", Bootstrap.RESAMPLES);
            json.put("claims", claims.stream().map(ClaimResult::toJson).toList());
        }
        return json;
    }
}
