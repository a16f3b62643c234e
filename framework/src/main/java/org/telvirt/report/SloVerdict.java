package org.telvirt.report;

import java.util.Objects;

/**
 * What the SLO said about one configuration, as the end-of-run table prints it.
 *
 * @param outcome met, missed, or not checked (no SLO declared, or nothing measured to check)
 * @param detail  the numbers behind a miss, or why it was not checked; empty when met
 */
public record SloVerdict(Outcome outcome, String detail) {
    public enum Outcome { MET, MISSED, NOT_CHECKED }

    public SloVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public static SloVerdict met() {
        return new SloVerdict(Outcome.MET, "");
    }

    /** @param detail the numbers, e.g. {@code p99 delay 7.4 ms > 5 ms SLO} */
    public static SloVerdict missed(String detail) {
        return new SloVerdict(Outcome.MISSED, detail);
    }

    public static SloVerdict notChecked(String reason) {
        return new SloVerdict(Outcome.NOT_CHECKED, reason);
    }

    /** {@code met}, {@code MISSED: <detail>} or {@code not checked: <reason>}. */
    public String text() {
        return switch (outcome) {
            case MET -> "met";
            case MISSED -> detail.isEmpty() ? "MISSED" : "MISSED: " + detail;
            case NOT_CHECKED -> detail.isEmpty() ? "not checked" : "not checked: " + detail;
        };
    }
}
