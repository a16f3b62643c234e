package org.telvirt.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The decision table of docs/findings.md, section 1, row by row. */
class CriterionTest {
    private static ClaimDecision decide(Criterion criterion, double lower, double upper) {
        return criterion.decide(new Interval((lower + upper) / 2, lower, upper, 0));
    }

    @Test
    void directionalAbove() {
        assertThat(decide(Criterion.above(0), 0.1, 2)).isEqualTo(ClaimDecision.HOLDS);
        assertThat(decide(Criterion.above(0), 0, 2)).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(decide(Criterion.above(0), -2, 0)).isEqualTo(ClaimDecision.REFUTED);
    }

    @Test
    void directionalBelow() {
        assertThat(decide(Criterion.below(1), 0.5, 0.99)).isEqualTo(ClaimDecision.HOLDS);
        assertThat(decide(Criterion.below(1), 0.5, 1)).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(decide(Criterion.below(1), 1, 1.5)).isEqualTo(ClaimDecision.REFUTED);
    }

    @Test
    void levelAtLeast() {
        assertThat(decide(Criterion.atLeast(45), 45, 60)).isEqualTo(ClaimDecision.HOLDS);
        assertThat(decide(Criterion.atLeast(45), 44, 60)).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(decide(Criterion.atLeast(45), 30, 44.9)).isEqualTo(ClaimDecision.REFUTED);
    }

    @Test
    void levelAtMost() {
        assertThat(decide(Criterion.atMost(0.1), 0, 0.1)).isEqualTo(ClaimDecision.HOLDS);
        assertThat(decide(Criterion.atMost(0.1), 0, 0.2)).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(decide(Criterion.atMost(0.1), 0.11, 0.5)).isEqualTo(ClaimDecision.REFUTED);
    }

    @Test
    void equivalence() {
        Criterion noChange = Criterion.between(0.8, 1.25);
        assertThat(decide(noChange, 0.81, 1.24)).isEqualTo(ClaimDecision.HOLDS);
        assertThat(decide(noChange, 0.8, 1.1)).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(decide(noChange, 0.5, 0.8)).isEqualTo(ClaimDecision.REFUTED);
        assertThat(decide(noChange, 1.25, 2)).isEqualTo(ClaimDecision.REFUTED);
        assertThat(noChange.holdsWhen()).isEqualTo("0.80 < L and U < 1.25");
        assertThat(noChange.refutedWhen()).isEqualTo("U <= 0.80 or L >= 1.25");
    }

    @Test
    void anUndefinedIntervalDecidesNothing() {
        assertThat(Criterion.atMost(0.1).decide(new Interval(0, 0, 0, 1))).isEqualTo(ClaimDecision.UNDECIDED);
        assertThat(Criterion.atMost(0.1).decide(new Interval(Double.NaN, 0, 0, 0))).isEqualTo(ClaimDecision.UNDECIDED);
    }

    @Test
    void anEquivalenceNeedsItsBoundsInOrder() {
        assertThatThrownBy(() -> Criterion.between(1.25, 0.8)).isInstanceOf(IllegalArgumentException.class);
    }
}
