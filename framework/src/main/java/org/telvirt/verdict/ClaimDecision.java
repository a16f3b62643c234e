package org.telvirt.verdict;

/** What an interval says of a claim (docs/findings.md, section 1, the decision table). */
public enum ClaimDecision {
    HOLDS, REFUTED, UNDECIDED;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
