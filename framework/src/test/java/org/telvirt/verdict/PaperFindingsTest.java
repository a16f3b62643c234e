package org.telvirt.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telvirt.verdict.SyntheticHost.Behaviour.losing;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.Role;
import org.telvirt.host.HostCapability;
import org.telvirt.verdict.FindingVerdict.Outcome;

/**
 * Every finding fails on runs that contradict the paper and passes on runs that agree with it, both with the emulated
 * host's noise ({@link SyntheticHost}); a finding the runs cannot decide, a premise not met or not measured, and a
 * capability the host lacks each end as docs/findings.md says.
 */
class PaperFindingsTest {

    private static FindingVerdict judge(Finding finding, SyntheticHost host) {
        FindingVerdict verdict = new FindingJudge(host, host).judge(finding);
        System.out.println(verdict.describe());
        return verdict;
    }

    private static Configuration column(Figure figure, String id) {
        return figure.configuration(id);
    }

    private static SyntheticHost weights(double weightedMedianMillis) {
        return new SyntheticHost()
                .with(column(Figure.WEIGHTS, "D"), losing(3).withMedianMillis(4))
                .with(column(Figure.WEIGHTS, "2.3"), losing(0.1).withMedianMillis(weightedMedianMillis));
    }

    @Test
    void f1PassesWhenWeightsCutTheDelayBoxAndTheLoss() {
        assertThat(judge(PaperFindings.F1, weights(2)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void f1FailsWhenWeightsMakeTheDelayWorse() {
        FindingVerdict verdict = judge(PaperFindings.F1, weights(6));

        assertThat(verdict.outcome()).isEqualTo(Outcome.REFUTED);
        assertThat(verdict.describe()).contains("F1.1 r50(2.3, D) = 1.5").contains(": refuted (refuted when L >= 1.00)");
    }

    private static SyntheticHost caps(double dom0CappedLoss) {
        return new SyntheticHost()
                .with(column(Figure.CAPS, "D"), losing(3))
                .with(column(Figure.CAPS, "2.1"), losing(0))
                .with(column(Figure.CAPS, "2.2"), losing(dom0CappedLoss).steadily(3))
                .with(column(Figure.CAPS, "2.3"), losing(80).steadily(3))
                .with(column(Figure.CAPS, "2.4"), losing(0));
    }

    @Test
    void f2PassesWhenCappingDom0OrMediaLosesHeavilyAndCappingCpuVmsNothing() {
        FindingVerdict verdict = judge(PaperFindings.F2, caps(85));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.describe()).contains("2.2 dom0: cap 1 %", "2.1 cpu1: cap 1 %", "2.1 cpu2: cap 1 %");
    }

    @Test
    void f2FailsWhenDom0CappedLosesNothing() {
        assertThat(judge(PaperFindings.F2, caps(0)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void f2FailsWhenTheCapWasNotAppliedWithTheNumbersThatSaySo() {
        SyntheticHost host = caps(85).with(column(Figure.CAPS, "2.2"), losing(85).steadily(3).withoutItsCap());

        FindingVerdict verdict = judge(PaperFindings.F2, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.PREMISE_NOT_MET);
        assertThat(verdict.describe()).contains("the 1 % cap applied to each capped domain run: not met:")
                .contains("2.2 dom0: cap none");
    }

    @Test
    void f2IsJudgedWithoutDom0sCapOnAHostWhoseDom0CannotSurviveIt() {
        SyntheticHost host = caps(0).lacking(HostCapability.DOM0_CAP_SURVIVABLE, "a 1 % cap starves the SSH session");

        FindingVerdict verdict = judge(PaperFindings.F2, host);

        assertThat(verdict.claimsNotApplicable()).containsOnlyKeys("F2.1");
        assertThat(host.asked()).noneMatch(run -> run.startsWith("2.2"));
        assertThat(verdict.outcome()).as("the other claims and the caps that ran").isEqualTo(Outcome.PASS);
    }

    private static SyntheticHost pinning(double floatingLoss, double oneCoreLoss, double dom0BusyCores) {
        return new SyntheticHost()
                .with(column(Figure.PINNING, "D"), losing(floatingLoss).steadily(1)
                        .keepingBusy(Role.DOM0, dom0BusyCores))
                .with(column(Figure.PINNING, "2.1"), losing(oneCoreLoss).steadily(3).keepingBusy(Role.DOM0, 1))
                .with(column(Figure.PINNING, "2.2"), losing(floatingLoss + 4).steadily(1))
                .with(column(Figure.PINNING, "2.3"), losing(floatingLoss + 3).steadily(1));
    }

    @Test
    void f3PassesWhenOneCoreLosesHeavilyAndFloatingDom0LosesLeast() {
        assertThat(judge(PaperFindings.F3, pinning(2, 40, 1.3)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void f3FailsWhenFloatingDom0LosesMost() {
        SyntheticHost host = pinning(30, 32, 1.3).with(column(Figure.PINNING, "2.2"), losing(5))
                .with(column(Figure.PINNING, "2.3"), losing(5));

        assertThat(judge(PaperFindings.F3, host).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void f3FailsWhenDom0NeedsLessThanACoreWithItsNumbers() {
        FindingVerdict verdict = judge(PaperFindings.F3, pinning(2, 40, 0.6));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PREMISE_NOT_MET);
        assertThat(verdict.describe()).containsPattern("dom0 keeps >= 1 cores busy at D: not met: dom0 at D: 0\\.[56]\\d"
                + " cores busy \\(mean of 2 runs\\); dom0 at 2\\.1: (0\\.9|1\\.0)");
    }

    private static SyntheticHost cacheAffinity(double sharingMedianMillis) {
        return new SyntheticHost()
                .with(column(Figure.CACHE_AFFINITY, "1.1"), losing(0.5).withMedianMillis(sharingMedianMillis)
                        .keepingBusy(Role.DOM0, 0.9).keepingBusy(Role.MEDIA, 1.1))
                .with(column(Figure.CACHE_AFFINITY, "1.3"), losing(0.5).withMedianMillis(2))
                .with(column(Figure.CACHE_AFFINITY, "2.1"), losing(0.2).withMedianMillis(1.8))
                .with(column(Figure.CACHE_AFFINITY, "2.3"), losing(0.2).withMedianMillis(1.8));
    }

    @Test
    void f4PassesWhenSharingAnL2ChangesNothingNoticeable() {
        FindingVerdict verdict = judge(PaperFindings.F4, cacheAffinity(2));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.describe()).contains("busy cores of dom0, media, reported, not judged: reported: dom0 at 1.1: 0.9")
                .contains("dom0 at 1.3: busy cores not reported by the host");
    }

    @Test
    void f4FailsWhenSharingAnL2HalvesTheMedianDelay() {
        assertThat(judge(PaperFindings.F4, cacheAffinity(1)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void f4IsNotApplicableOnAHostWithOneL2CacheAndRunsNothing() {
        SyntheticHost host = cacheAffinity(1).lacking(HostCapability.SEPARATE_L2_CACHES, "one L2 group");

        FindingVerdict verdict = judge(PaperFindings.F4, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(verdict.applicable()).isFalse();
        assertThat(verdict.passed()).isFalse();
        assertThat(host.asked()).isEmpty();
        assertThat(verdict.describe()).contains("two L2 groups on different L2 caches: one L2 group");
    }

    private static SyntheticHost coalescing(double perPacketLoss) {
        return new SyntheticHost()
                .with(column(Figure.COALESCING, "D"), losing(perPacketLoss).steadily(0.3))
                .with(column(Figure.COALESCING, "1"), losing(2).steadily(0.3).withMedianMillis(2.3))
                .with(column(Figure.COALESCING, "2"), losing(2).steadily(0.3).withMedianMillis(2.6));
    }

    @Test
    void f5PassesWhenCoalescingRaisesTheMedianAndBarelyChangesLoss() {
        assertThat(judge(PaperFindings.F5, coalescing(2)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void f5FailsWhenCoalescingCutsLossByTenPoints() {
        assertThat(judge(PaperFindings.F5, coalescing(12)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    private static SyntheticHost turnkeyFourCores(double lossAt720) {
        SyntheticHost host = new SyntheticHost();
        for (String load : List.of("120", "240", "360", "480", "600")) {
            host.with(column(Figure.TURNKEY_FOUR_CORES, load), losing(0));
        }
        return host.with(column(Figure.TURNKEY_FOUR_CORES, "720"), fourCores720(losing(lossAt720)));
    }

    /** Figure 11's 720 streams keep 2.8 of four cores busy: over-provisioned, and more than two cores' worth. */
    private static SyntheticHost.Behaviour fourCores720(SyntheticHost.Behaviour behaviour) {
        return behaviour.keepingBusy(Role.DOM0, 1.0).keepingBusy(Role.MEDIA, 1.4).keepingBusy(Role.SIGNALING, 0.4);
    }

    @Test
    void f6PassesWhenFourCoresCarryEveryLoadAndStopsAtTwoRuns() {
        SyntheticHost host = turnkeyFourCores(0);

        FindingVerdict verdict = judge(PaperFindings.F6, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.runsPerConfiguration()).as("every claim held at once").isEqualTo(FindingJudge.FIRST_RUNS);
        assertThat(host.asked()).as("round by round").startsWith("120 #1", "240 #1", "360 #1", "480 #1", "600 #1",
                "720 #1", "120 #2").hasSize(12);
    }

    @Test
    void f6FailsWhen720StreamsLoseFivePercent() {
        assertThat(judge(PaperFindings.F6, turnkeyFourCores(5)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void f6FailsWhenTheHostReportsNoBusyCores() {
        SyntheticHost host = turnkeyFourCores(0).with(column(Figure.TURNKEY_FOUR_CORES, "720"), losing(0));

        FindingVerdict verdict = judge(PaperFindings.F6, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.PREMISE_NOT_MEASURED);
        assertThat(verdict.describe()).contains("the domains at 720: busy cores not reported by the host");
    }

    private static SyntheticHost turnkeyTwoCores(double weightedLoss) {
        SyntheticHost host = new SyntheticHost()
                .with(column(Figure.TURNKEY_FOUR_CORES, "720"), fourCores720(losing(0)))
                .with(column(Figure.TURNKEY_TWO_CORES, "D"), losing(18).steadily(3))
                .with(column(Figure.TURNKEY_TWO_CORES, "1.1"), losing(26).steadily(3));
        for (String weighted : List.of("2.1", "2.2", "2.3")) {
            host.with(column(Figure.TURNKEY_TWO_CORES, weighted), losing(weightedLoss).steadily(3));
        }
        return host;
    }

    @Test
    void f7PassesWhenTwoCoresLoseHeavilyAndWeightsDoNotHelp() {
        FindingVerdict verdict = judge(PaperFindings.F7, turnkeyTwoCores(21));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.describe()).contains("the domains keep > 2 cores busy at Figure 11 720: met");
    }

    @Test
    void f7FailsWhenWeightsAloneFixTwoCores() {
        assertThat(judge(PaperFindings.F7, turnkeyTwoCores(1)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void f7FailsOnAHostWithoutFourCoresToShowThatTwoAreNotEnough() {
        SyntheticHost host = turnkeyTwoCores(21).lacking(HostCapability.FOUR_CORES, "2 CPUs");

        FindingVerdict verdict = judge(PaperFindings.F7, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.PREMISE_NOT_MEASURED);
        assertThat(host.asked()).noneMatch(run -> run.startsWith("720"));
    }

    private static SyntheticHost vmmBypass(double bypassLoss) {
        SyntheticHost host = new SyntheticHost()
                .with(column(Figure.TURNKEY_FOUR_CORES, "720"), fourCores720(losing(0)))
                .with(column(Figure.VMM_BYPASS, "D"), losing(18).steadily(3).withMedianMillis(20))
                .with(column(Figure.VMM_BYPASS, "1.1"), losing(bypassLoss).steadily(1).withMedianMillis(3));
        for (String weighted : List.of("2.1", "2.2", "2.3")) {
            host.with(column(Figure.VMM_BYPASS, weighted), losing(0));
        }
        return host;
    }

    @Test
    void f8PassesWhenBypassCutsLossAndDelayAndWeightsBringLossToNearlyZero() {
        assertThat(judge(PaperFindings.F8, vmmBypass(3)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void f8FailsWhenBypassLosesMore() {
        assertThat(judge(PaperFindings.F8, vmmBypass(25)).outcome()).isEqualTo(Outcome.REFUTED);
    }

    @Test
    void aFindingTheRunsCannotDecideIsNotShownAfterFiveRuns() {
        SyntheticHost host = new SyntheticHost()
                .with(column(Figure.WEIGHTS, "D"), losing(2).steadily(1))
                .with(column(Figure.WEIGHTS, "2.3"), losing(2).steadily(1));

        FindingVerdict verdict = judge(PaperFindings.F1, host);

        assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_SHOWN);
        assertThat(verdict.runsPerConfiguration()).isEqualTo(FindingJudge.MAX_RUNS);
        assertThat(host.asked()).hasSize(2 * FindingJudge.MAX_RUNS);
        assertThat(verdict.claims()).extracting(ClaimResult::decision).contains(ClaimDecision.UNDECIDED)
                .doesNotContain(ClaimDecision.REFUTED);
        assertThat(verdict.describe()).contains("FAIL (not shown) after 5 runs", "D: 5 runs, 30 s", "seeded afresh",
                "SplittableRandom(20261203)");
    }

    @Test
    void everyFindingIsDeclaredOnceWithTheClaimsOfDocsFindings() {
        assertThat(PaperFindings.ALL).extracting(Finding::id)
                .containsExactly("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8");
        assertThat(PaperFindings.ALL).flatExtracting(Finding::claims).extracting(Claim::id).containsExactly(
                "F1.1", "F1.2", "F1.3", "F2.1", "F2.2", "F2.3", "F2.4", "F3.1", "F3.2", "F3.3",
                "F4.1", "F4.2", "F4.3", "F4.4", "F5.1", "F5.2", "F5.3", "F5.4",
                "F6.1", "F6.2", "F6.3", "F6.4", "F6.5", "F6.6", "F7.1", "F7.2", "F7.3", "F7.4", "F7.5",
                "F8.1", "F8.2", "F8.3", "F8.4", "F8.5", "F8.6");
    }
}
