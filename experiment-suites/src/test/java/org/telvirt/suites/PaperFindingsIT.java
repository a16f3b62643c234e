package org.telvirt.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.Lab;
import org.telvirt.MediaRun;
import org.telvirt.RepeatedRuns;
import org.telvirt.Role;
import org.telvirt.TelephonyLab;
import org.telvirt.Workload;

/**
 * The paper's conclusions, checked by comparing configurations measured in the same build (the
 * figure classes before this one measured each once; a finding run alone measures what it needs).
 * A finding that compares configurations judges the median of {@link Lab#comparisonRuns()} runs of
 * each, so that one run's burst of loss or delay on this shared host cannot decide it; one with a
 * fixed threshold judges a run. Thresholds are stated here and in the README; a finding that does
 * not hold fails.
 */
@TelephonyLab
@Order(50)
class PaperFindingsIT {
    /** "Disastrous" loss: the paper saw up to 90 %; anything from this percent on is disastrous. */
    static final double DISASTROUS_LOSS_PERCENT = 5.0;
    /** "About 0 %" loss. */
    static final double NEGLIGIBLE_LOSS_PERCENT = 0.1;
    /** "Clearly more" loss: at least this many percentage points above the comparison. */
    static final double CLEARLY_MORE_LOSS_POINTS = 1.0;
    /** "No visible gain": sharing an L2 makes p99 at most this fraction better than not sharing it. */
    static final double NO_VISIBLE_GAIN_FRACTION = 0.25;
    /** "Marginal" (F5), "no noticeable improvement" (F4): a gain in loss of at most this many percentage points. */
    static final double MARGINAL_LOSS_POINTS = 1.0;
    /** Cores "not enough" for a load: its domains kept at least this fraction of them busy. */
    static final double SATURATED_FRACTION = 0.9;

    /**
     * "Higher weights being given to the Media VM and Dom0 ... helps reduce the delays and losses", read off the
     * paper's boxplots: the box (p50 and p75) of Dom0 = Media = 8K lies below column D's. The tail above the box is
     * reported in the message, not judged: the paper's boxes do not show it, and on the emulated host 2.3's p99 swings
     * between runs by more than its box does (README, Limits).
     */
    @Test
    @Tag("mixed-workload")
    void f1WeightsForDom0AndMediaCutDelayAndLossVersusDefaults(Lab lab) {
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.WEIGHTS, "D", "2.3");
        RepeatedRuns defaults = runs.get(0);
        RepeatedRuns weighted = runs.get(1);

        for (double percentile : new double[] {50, 75}) {
            assertThat(weighted.delayMillis(percentile)).as("p%.0f ms of %s vs %s", percentile, weighted, defaults)
                    .isLessThan(defaults.delayMillis(percentile));
        }
        // "low delay and minimal loss": no more than D's, or about 0 % where D lost nothing to cut
        assertNoMoreLossThan(weighted, defaults, defaultsLossOutside(lab, Figure.WEIGHTS));
    }

    @Test
    @Tag("mixed-workload")
    void f2CappingDom0OrMediaIsDisastrousCappingCpuBoundVmsIsNot(Lab lab) {
        MediaRun cpuVmsCapped = lab.measure(Figure.CAPS, "2.1");
        MediaRun dom0Capped = lab.measure(Figure.CAPS, "2.2");
        MediaRun mediaCapped = lab.measure(Figure.CAPS, "2.3");

        assertThat(cpuVmsCapped.lossPercent()).as("loss of %s", cpuVmsCapped)
                .isLessThanOrEqualTo(NEGLIGIBLE_LOSS_PERCENT);
        assertThat(dom0Capped.lossPercent()).as("loss of %s", dom0Capped)
                .isGreaterThanOrEqualTo(DISASTROUS_LOSS_PERCENT);
        assertThat(mediaCapped.lossPercent()).as("loss of %s", mediaCapped)
                .isGreaterThanOrEqualTo(DISASTROUS_LOSS_PERCENT);
    }

    @Test
    @Tag("mixed-workload")
    void f3FloatingDom0LosesLeast(Lab lab) {
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.PINNING, "D", "2.1", "2.2", "2.3");
        Spread defaultsLoss = defaultsLossOutside(lab, Figure.PINNING);
        // "best": no more loss than any pinned Dom0, or about 0 % where a pinned one lost nothing to beat
        for (RepeatedRuns pinned : runs.subList(1, runs.size())) {
            assertNoMoreLossThan(runs.get(0), pinned, defaultsLoss);
        }
    }

    /**
     * "When Dom0 has only one core available, the packet losses are as high as 45 %", because Dom0 "needs access to
     * more CPU resources" than that core. Shown on a host where Dom0, floating, kept at least one core busy. Where it
     * needed less (by the credit scheduler's account), one core has room for it: pinning it there delays it behind
     * other vCPUs' slices but cannot starve it of CPU, and the test is skipped with the numbers.
     */
    @Test
    @Tag("mixed-workload")
    void f3Dom0PinnedToOneCoreLosesHeavily(Lab lab) {
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.PINNING, "D", "2.1");
        RepeatedRuns floating = runs.get(0);
        RepeatedRuns pinnedToOneCore = runs.get(1);
        OptionalDouble dom0Cores = floating.coresUsedBy(Role.DOM0);
        assumeFalse(dom0Cores.isPresent() && dom0Cores.getAsDouble() < 1, () -> String.format(Locale.ROOT, "Dom0,"
                + " floating, kept %.2f cores busy: one core has room for it, so pinning it there cannot starve it as the"
                + " paper's Dom0 was (%s vs %s)", dom0Cores.getAsDouble(), pinnedToOneCore, floating));

        assertThat(pinnedToOneCore.lossPercent()).as("loss of %s vs %s", pinnedToOneCore, floating)
                .isGreaterThanOrEqualTo(floating.lossPercent() + CLEARLY_MORE_LOSS_POINTS);
    }

    /**
     * The paper's comparison: Dom0 and the Media VM sharing an L2 pair (1.1, and 2.1 without the CPU-bound VMs)
     * against the Media VM on the other pair (1.3, 2.3): "cache sharing did not yield any noticeable improvement".
     * The other columns also move the CPU-bound VMs off the Media VM's cores, a pinning gain (F3), not a cache one.
     * A gain is visible when it is larger than the paper's threshold and than two runs of one configuration differ
     * on this host (column D's p99 over the mixed-workload figures): a p99 that varies by more between identical
     * runs cannot show a cache's gain.
     */
    @Test
    @Tag("mixed-workload")
    void f4NoVisibleGainFromL2Affinity(Lab lab) {
        Spread defaultsP99 = Spread.of(defaultsOfEveryMixedFigure(lab), run -> run.delayMillis(99), "ms");
        double visibleGain = Math.max(NO_VISIBLE_GAIN_FRACTION, 1 - defaultsP99.min() / defaultsP99.max());
        Spread defaultsLoss = defaultsLossOutside(lab, Figure.CACHE_AFFINITY);
        for (String[] pair : new String[][] {{"1.1", "1.3"}, {"2.1", "2.3"}}) {
            List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.CACHE_AFFINITY, pair);
            RepeatedRuns sharing = runs.get(0);
            RepeatedRuns apart = runs.get(1);
            assertThat(sharing.delayMillis(99)).as("p99 ms of %s (sharing an L2) vs %s; a visible gain is more than"
                    + " %.0f %% (D's p99 over the mixed figures: %s)", sharing, apart, 100 * visibleGain, defaultsP99)
                    .isGreaterThanOrEqualTo(apart.delayMillis(99) * (1 - visibleGain));
            assertGainsAtMostMarginally(sharing, apart, defaultsLoss);
        }
    }

    @Test
    @Tag("mixed-workload")
    void f5CoalescingImprovesLossAtMostMarginally(Lab lab) {
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.COALESCING, "D", "1", "2");
        RepeatedRuns perPacket = runs.get(0);
        Spread defaultsLoss = defaultsLossOutside(lab, Figure.COALESCING);
        for (RepeatedRuns coalesced : runs.subList(1, runs.size())) {
            assertGainsAtMostMarginally(coalesced, perPacket, defaultsLoss);
        }
    }

    /**
     * Holding a packet for at most 40 or 80 us raises the median delay by at most that: shown only on a host whose
     * median varies less than that between two runs of one configuration (column D over the mixed-workload figures).
     * Elsewhere the comparison would be a coin toss, and the test is skipped with the numbers that say why.
     */
    @Test
    @Tag("mixed-workload")
    void f5CoalescingRaisesDelayALittle(Lab lab) {
        Spread defaultsP50 = Spread.of(defaultsOfEveryMixedFigure(lab), run -> run.delayMillis(50), "ms");
        double longestHoldMillis = Stream.of("1", "2").map(Figure.COALESCING::configuration)
                .mapToInt(column -> column.tuning().coalescing().orElseThrow().micros()).max().orElseThrow() / 1000.0;
        assumeTrue(defaultsP50.width() <= longestHoldMillis, String.format(Locale.ROOT, "coalescing holds a packet at"
                + " most %.2f ms, less than this host's median delay varies between runs of one configuration (D's"
                + " p50 over the mixed figures: %s): the rise cannot show here", longestHoldMillis, defaultsP50));
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.COALESCING, "D", "1", "2");
        RepeatedRuns perPacket = runs.get(0);
        for (RepeatedRuns coalesced : runs.subList(1, runs.size())) {
            assertThat(coalesced.delayMillis(50)).as("p50 ms of %s vs %s", coalesced, perPacket)
                    .isGreaterThanOrEqualTo(perPacket.delayMillis(50));
        }
    }

    @Test
    @Tag("turnkey")
    void f6FourCoresCarryEveryTurnkeyLoadWithoutLoss(Lab lab) {
        for (MediaRun load : lab.measure(Figure.TURNKEY_FOUR_CORES, "120", "240", "360", "480", "600", "720")) {
            assertThat(load.lossPercent()).as("loss of %s", load).isLessThanOrEqualTo(NEGLIGIBLE_LOSS_PERCENT);
        }
    }

    /**
     * "Two cores were not enough to meet the processing demands imposed by 720 concurrent media streams": shown on a
     * host where the turnkey domains kept the two cores busy. Where they left them partly idle (by the credit
     * scheduler's account), the load did not need more than two cores, and the test is skipped with the numbers.
     */
    @Test
    @Tag("turnkey")
    void f7TwoCoresWithDefaultsLosePacketsAndWeightsAloneDoNotFixIt(Lab lab) {
        MediaRun defaults = lab.measure(Figure.TURNKEY_TWO_CORES, "D");
        assumeCoresSaturated(defaults);

        assertThat(defaults.lossPercent()).as("loss of %s", defaults).isGreaterThan(NEGLIGIBLE_LOSS_PERCENT);
        for (MediaRun weighted : lab.measure(Figure.TURNKEY_TWO_CORES, "2.1", "2.2", "2.3")) {
            assertThat(weighted.lossPercent()).as("loss of %s", weighted).isGreaterThan(NEGLIGIBLE_LOSS_PERCENT);
        }
    }

    @Test
    @Tag("turnkey")
    void f8VmmBypassWithWeightsBringsTwoCoresToAboutZeroLoss(Lab lab) {
        MediaRun best = lab.measure(Figure.VMM_BYPASS, "2.1", "2.2", "2.3").stream()
                .min(Comparator.comparingDouble(MediaRun::lossPercent)).orElseThrow();
        assertThat(best.lossPercent()).as("best bypass loss %s", best).isLessThanOrEqualTo(NEGLIGIBLE_LOSS_PERCENT);
    }

    /** The improvement needs loss to improve on: two cores without bypass must be short of CPU, as F7 has it. */
    @Test
    @Tag("turnkey")
    void f8VmmBypassWithWeightsLosesLessThanTwoCoresWithout(Lab lab) {
        assumeCoresSaturated(lab.measure(Figure.VMM_BYPASS, "D"));
        List<RepeatedRuns> runs = lab.measureRepeatedly(Figure.VMM_BYPASS, "D", "2.1", "2.2", "2.3");
        RepeatedRuns withoutBypass = runs.get(0);
        RepeatedRuns best = runs.subList(1, runs.size()).stream()
                .min(Comparator.comparingDouble(RepeatedRuns::lossPercent)).orElseThrow();
        assertThat(best.lossPercent()).as("best bypass loss %s vs no bypass %s", best, withoutBypass)
                .isLessThan(withoutBypass.lossPercent());
    }

    /**
     * Skips, with the numbers, unless the run's domains kept its cores at least {@link #SATURATED_FRACTION} busy
     * (a host whose scheduler keeps no account is taken at its word: nothing is skipped).
     */
    private static void assumeCoresSaturated(MediaRun run) {
        int cores = run.configuration().tuning().cores().orElseThrow();
        double[] used = Role.ALL.stream().map(run::coresUsedBy).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        double busy = Arrays.stream(used).sum();
        assumeFalse(used.length > 0 && busy < SATURATED_FRACTION * cores, () -> String.format(Locale.ROOT,
                "the domains kept %.2f of %d cores busy: the load did not need more than this host gave it (%s)", busy,
                cores, run));
    }

    /**
     * "No more loss than": {@code run} loses no more than {@code comparison}, or about 0 % where the comparison lost
     * nothing to beat, give or take how far runs of one configuration land apart on this host. A difference of medians
     * smaller than that is one between runs, not between configurations.
     */
    private static void assertNoMoreLossThan(RepeatedRuns run, RepeatedRuns comparison, Spread defaultsLoss) {
        LossNoise noise = new LossNoise(defaultsLoss, run, comparison);
        assertThat(run.lossPercent()).as("loss of %s vs %s; runs of one configuration differ by up to %s", run,
                comparison, noise).isLessThanOrEqualTo(Math.max(comparison.lossPercent(), NEGLIGIBLE_LOSS_PERCENT)
                + noise.points());
    }

    /**
     * "Marginal" or "no noticeable" improvement: {@code candidate} loses at most {@link #MARGINAL_LOSS_POINTS} less
     * than {@code baseline}, give or take how far runs of one configuration land apart on this host.
     */
    private static void assertGainsAtMostMarginally(RepeatedRuns candidate, RepeatedRuns baseline,
            Spread defaultsLoss) {
        LossNoise noise = new LossNoise(defaultsLoss, candidate, baseline);
        assertThat(baseline.lossPercent() - candidate.lossPercent()).as("loss points gained by %s vs %s; marginal is"
                + " at most %.1f, and runs of one configuration differ by up to %s", candidate, baseline,
                MARGINAL_LOSS_POINTS, noise).isLessThanOrEqualTo(MARGINAL_LOSS_POINTS + noise.points());
    }

    /**
     * Column D's loss over the mixed-workload figures other than {@code figure}, so that a run under judgement never
     * widens its own allowance.
     */
    private static Spread defaultsLossOutside(Lab lab, Figure figure) {
        List<MediaRun> defaults = defaultsOfEveryMixedFigure(lab).stream()
                .filter(run -> run.configuration().figure() != figure).toList();
        return Spread.ofLoss(defaults);
    }

    /** Column D of every mixed-workload figure: runs of one configuration, as many as there are such figures. */
    private static List<MediaRun> defaultsOfEveryMixedFigure(Lab lab) {
        return Arrays.stream(Figure.values()).filter(figure -> figure.workload().equals(Workload.MIXED))
                .map(figure -> lab.measure(figure, Configuration.DEFAULTS_ID)).toList();
    }

    /**
     * How far runs of one configuration land apart on this host, in loss points: the widest of column D's loss over
     * the mixed figures other than the one under judgement and the loss of each compared configuration's own runs.
     */
    record LossNoise(Spread defaults, RepeatedRuns first, RepeatedRuns second) {
        double points() {
            return Math.max(defaults.width(), Math.max(Spread.ofLoss(first.runs()).width(),
                    Spread.ofLoss(second.runs()).width()));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f points here (D's loss over the other mixed figures: %s; %s's runs:"
                    + " %s; %s's runs: %s)", points(), defaults, first.configuration().id(),
                    Spread.ofLoss(first.runs()), second.configuration().id(), Spread.ofLoss(second.runs()));
        }
    }

    /** The range of a metric over runs of one configuration. */
    record Spread(double min, double max, String unit) {
        static Spread ofLoss(List<MediaRun> runs) {
            return of(runs, MediaRun::lossPercent, "%");
        }

        static Spread of(List<MediaRun> runs, ToDoubleFunction<MediaRun> metric, String unit) {
            DoubleSummaryStatistics values = runs.stream().mapToDouble(metric).summaryStatistics();
            return new Spread(values.getMin(), values.getMax(), unit);
        }

        double width() {
            return max - min;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f to %.2f %s", min, max, unit);
        }
    }

}
