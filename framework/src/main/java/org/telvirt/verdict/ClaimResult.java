package org.telvirt.verdict;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** The claim as {@code verdict.json} and {@code results.json} keep it; undefined numbers are null. */
    public Map<String, Object> toJson() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("claim", claim.id());
        entry.put("statistic", statistic);
        entry.put("holdsWhen", claim.criterion().holdsWhen());
        entry.put("refutedWhen", claim.criterion().refutedWhen());
        entry.put("point", FindingVerdict.number(interval.point()));
        entry.put("lower", interval.defined() ? FindingVerdict.number(interval.lower()) : null);
        entry.put("upper", interval.defined() ? FindingVerdict.number(interval.upper()) : null);
        entry.put("undefinedResamples", interval.undefinedResamples());
        entry.put("decision", decision.name());
        return entry;
    }
}
