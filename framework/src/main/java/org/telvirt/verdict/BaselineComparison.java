package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.telvirt.Configuration;
import org.telvirt.MeasuredSecond;

/**
 * Judges a configuration measured by this build against the same configuration in a baseline, a previous image's
 * results (docs/reporting.md, "Comparing with a baseline"), by the findings' method (docs/findings.md, section 1):
 * each side's seconds pooled, the same bootstrap, seed and decision table. Its claims say this build is no worse than
 * the baseline, each within a margin fixed in advance; a claim refuted (L at or beyond the margin) is a regression.
 *
 * <p>The findings' sequence (more runs while undecided) does not apply: the baseline's runs are what its build kept.
 * One run of this build is compared with every run the baseline kept of the configuration, second by second; an
 * undecided claim is reported, not failed.
 */
public final class BaselineComparison {
    /**
     * Loss may rise by less than the findings' "nearly zero" loss, a tenth of the 1 % the paper calls unacceptable:
     * a rise of that much alone takes a configuration out of the nearly-zero class.
     */
    public static final double LOSS_MARGIN_POINTS = PaperFindings.NEARLY_ZERO_LOSS_PERCENT;
    /** A delay percentile may rise by less than the findings' "noticeable" change: a ratio of 1.25. */
    public static final double DELAY_MARGIN_RATIO = PaperFindings.DELAY_MARGIN_HIGH;
    /** The box's median and the tail an {@code @Slo} limits. */
    static final List<Integer> DELAY_PERCENTILES = List.of(50, 99);

    private BaselineComparison() {
    }

    /**
     * This build's seconds of {@code configuration} against the baseline's, every run it kept of it pooled.
     *
     * @param baseline what to call the baseline in every message: its image, commit or directory
     */
    public static BaselineVerdict compare(Configuration configuration, List<MeasuredSecond> current, String baseline,
            List<List<MeasuredSecond>> baselineRuns) {
        Objects.requireNonNull(configuration, "configuration");
        int baselineSeconds = baselineRuns.stream().mapToInt(List::size).sum();
        if (current.isEmpty() || baselineSeconds == 0) {
            return BaselineVerdict.notCompared(baseline, BaselineVerdict.Outcome.NOT_COMPARABLE,
                    (current.isEmpty() ? "this run" : "the baseline") + " has no per-second counts to compare");
        }
        SecondsPool pool = new SecondsPool(current.stream().map(SparseSecond::of).toList());
        SecondsPool baselinePool = new SecondsPool(baselineRuns.stream().flatMap(List::stream).map(SparseSecond::of)
                .toList());
        String sides = "(this run, baseline)";
        List<ClaimResult> results = new ArrayList<>();
        results.add(judge(Claim.of("loss", Statistic.lossDifference(configuration, configuration),
                Criterion.below(LOSS_MARGIN_POINTS)), "dloss" + sides, pool, baselinePool));
        for (int percentile : DELAY_PERCENTILES) {
            results.add(judge(Claim.of("p" + percentile, Statistic.delayRatio(percentile, configuration, configuration),
                    Criterion.below(DELAY_MARGIN_RATIO)), "r" + percentile + sides, pool, baselinePool));
        }
        return new BaselineVerdict(baseline, BaselineVerdict.outcomeOf(results), "", results, baselineRuns.size(),
                baselineSeconds, current.size());
    }

    private static ClaimResult judge(Claim claim, String statistic, SecondsPool current, SecondsPool baseline) {
        Interval interval = Bootstrap.interval(claim.statistic(), current, baseline);
        return new ClaimResult(claim, statistic, interval, claim.criterion().decide(interval));
    }
}
