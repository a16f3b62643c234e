package org.telvirt.verdict;

/**
 * A claim at its finding's stop: the statistic as printed ({@code r50(2.3, D)}), its interval and what that decides.
 */
public record ClaimResult(Claim claim, String statistic, Interval interval, ClaimDecision decision) {

    /** {@code F1.3 dloss(D, 2.3) = 1.20 points [0.40, 2.10]: holds (holds when L > 0.00)}. */
    public String describe() {
        String values = Statistic.format(interval.point()) + claim.statistic().unit() + " " + (interval.defined()
                ? bounds() : "(interval undefined: " + interval.undefinedResamples() + " of " + Bootstrap.RESAMPLES
                        + " resamples had no packet back)");
        String rule = decision == ClaimDecision.REFUTED ? "refuted when " + claim.criterion().refutedWhen()
                : "holds when " + claim.criterion().holdsWhen();
        return claim.id() + " " + statistic + " = " + values + ": " + decision.text() + " (" + rule + ")";
    }

    /** {@code [0.62, 0.80]}: L and U, in the statistic's unit. */
    public String bounds() {
        return "[" + Statistic.format(interval.lower()) + ", " + Statistic.format(interval.upper()) + "]";
    }
}
