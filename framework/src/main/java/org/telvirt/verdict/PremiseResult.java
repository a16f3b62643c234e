package org.telvirt.verdict;

/**
 * A premise as evaluated at a finding's stop, with the numbers it was judged on.
 *
 * @param description the premise, {@code loss(D) >= 1 %}
 * @param numbers what was measured, {@code loss(D) = 2.31 % over 12 s of 2 runs}
 */
public record PremiseResult(String description, Status status, String numbers) {
    public enum Status {
        MET, NOT_MET,
        /** The host does not report what the premise needs, or cannot run the configuration it reads. */
        NOT_MEASURED,
        /** Numbers reported beside the verdict, with no condition on them. */
        REPORTED;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Met, or only reported: nothing here fails the finding. */
    public boolean satisfied() {
        return status == Status.MET || status == Status.REPORTED;
    }
}
