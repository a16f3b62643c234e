package org.telvirt.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.MeasuredSecond;
import org.telvirt.workloads.rtp.RunHistograms;

/** A run against its baseline's, both made up: equal within noise, more loss, a longer tail. */
class BaselineComparisonTest {
    private static final Configuration GATE = Figure.WEIGHTS.configuration("2.3");
    private static final int SECONDS = 20;
    private static final int SENT_PER_SECOND = 1_000;

    /**
     * {@value #SECONDS} seconds of {@value #SENT_PER_SECOND} packets losing {@code lossPercent} on average, delays
     * around a 2 ms median with 2 % of them in a tail up to {@code tailMillis}, which puts p99 near its middle.
     */
    private static List<MeasuredSecond> run(long seed, double lossPercent, double tailMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        List<MeasuredSecond> seconds = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            long lost = Math.round(SENT_PER_SECOND * lossPercent / 100 * (0.8 + 0.4 * random.nextDouble()));
            Histogram delays = RunHistograms.newHistogram();
            for (long packet = 0; packet < SENT_PER_SECOND - lost; packet++) {
                double millis = random.nextDouble() < 0.02 ? 2 + (tailMillis - 2) * random.nextDouble()
                        : 2 * Math.exp(0.3 * random.nextGaussian());
                delays.recordValue(Math.round(millis * 1000));
            }
            seconds.add(new MeasuredSecond(SENT_PER_SECOND, lost, delays));
        }
        return seconds;
    }

    private static ClaimResult claim(BaselineVerdict verdict, String id) {
        return verdict.claims().stream().filter(claim -> claim.claim().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRunEqualToItsBaselineWithinNoiseIsNoRegression() {
        BaselineVerdict verdict = BaselineComparison.compare(GATE, run(1, 0.05, 30), "v1.4", List.of(run(2, 0.05, 30)));

        assertThat(verdict.outcome()).as(verdict.describe()).isEqualTo(BaselineVerdict.Outcome.NO_REGRESSION);
        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.claims()).extracting(claim -> claim.claim().id()).containsExactly("loss", "p50", "p99");
        assertThat(claim(verdict, "loss").interval().upper()).isLessThan(BaselineComparison.LOSS_MARGIN_POINTS);
        assertThat(claim(verdict, "p99").interval().upper()).isLessThan(BaselineComparison.DELAY_MARGIN_RATIO);
        assertThat(verdict.describe()).startsWith("no regression against baseline v1.4 (1 run, 20 s; this run 20 s;");
    }

    @Test
    void twoPointsMoreLossIsARegressionWithItsInterval() {
        BaselineVerdict verdict = BaselineComparison.compare(GATE, run(1, 2.5, 30), "v1.4", List.of(run(2, 0.5, 30)));

        assertThat(verdict.outcome()).isEqualTo(BaselineVerdict.Outcome.REGRESSION);
        ClaimResult loss = claim(verdict, "loss");
        assertThat(loss.decision()).isEqualTo(ClaimDecision.REFUTED);
        assertThat(loss.interval().lower()).isGreaterThan(1.5);
        assertThat(loss.interval().upper()).isLessThan(2.5);
        assertThat(claim(verdict, "p50").decision()).as("the delays did not change").isNotEqualTo(ClaimDecision.REFUTED);
        assertThat(verdict.describe()).startsWith("regression against baseline v1.4 (1 run, 20 s; this run 20 s;")
                .contains(": loss dloss(this run, baseline) = 2.0", " points [" + Statistic.format(loss.interval().lower())
                        + ", " + Statistic.format(loss.interval().upper()) + "]: refuted (refuted when L >= 0.10)");
    }

    @Test
    void twiceTheTailIsARegressionOfP99AloneWhileTheBoxStays() {
        BaselineVerdict verdict = BaselineComparison.compare(GATE, run(1, 0.05, 60), "v1.4", List.of(run(2, 0.05, 30)));

        assertThat(verdict.outcome()).isEqualTo(BaselineVerdict.Outcome.REGRESSION);
        ClaimResult p99 = claim(verdict, "p99");
        assertThat(p99.decision()).isEqualTo(ClaimDecision.REFUTED);
        assertThat(p99.interval().lower()).isGreaterThan(1.6);
        assertThat(claim(verdict, "p50").decision()).isEqualTo(ClaimDecision.HOLDS);
        assertThat(claim(verdict, "loss").decision()).isEqualTo(ClaimDecision.HOLDS);
        assertThat(verdict.describe()).startsWith("regression against baseline v1.4")
                .contains(": p99 r99(this run, baseline) = ");
    }

    @Test
    void theBaselinesRunsArePooledAndTheMarginsAreTheFindingsNumbers() {
        BaselineVerdict verdict = BaselineComparison.compare(GATE, run(1, 0.05, 30), "v1.4",
                List.of(run(2, 0.05, 30), run(3, 0.05, 30)));

        assertThat(verdict.baselineRuns()).isEqualTo(2);
        assertThat(verdict.baselineSeconds()).isEqualTo(2 * SECONDS);
        assertThat(verdict.seconds()).isEqualTo(SECONDS);
        assertThat(BaselineComparison.LOSS_MARGIN_POINTS).isEqualTo(PaperFindings.NEARLY_ZERO_LOSS_PERCENT);
        assertThat(BaselineComparison.DELAY_MARGIN_RATIO).isEqualTo(PaperFindings.DELAY_MARGIN_HIGH);
    }

    @Test
    void aSideWithoutSecondsIsNotComparedRatherThanJudged() {
        BaselineVerdict verdict = BaselineComparison.compare(GATE, run(1, 0.05, 30), "v1.4", List.of(List.of()));

        assertThat(verdict.outcome()).isEqualTo(BaselineVerdict.Outcome.NOT_COMPARABLE);
        assertThat(verdict.regressed()).isFalse();
        assertThat(verdict.describe()).isEqualTo("not comparable with baseline v1.4: the baseline has no per-second"
                + " counts to compare");
    }
}
