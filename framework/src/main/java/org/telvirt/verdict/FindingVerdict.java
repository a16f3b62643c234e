package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.telvirt.workloads.io.JsonFiles;

/**
 * What judging a finding came to (docs/findings.md, section 1, "Verdicts"), with everything it stands on: each
 * claim's point value and interval, runs and seconds per configuration, the seed, the premises' numbers, and what the
 * host was found able to do. {@link #describe()} is the assertion message; {@link #toJson()} goes into
 * {@code verdict.json}.
 *
 * @param hostCapabilities each capability the finding, its claims or premises need: "yes", or why the host lacks it
 * @param runsPerConfiguration runs of each configuration at the stop; 0 when nothing ran
 */
public record FindingVerdict(String finding, String title, Outcome outcome, Map<String, String> hostCapabilities,
                             List<ClaimResult> claims, Map<String, String> claimsNotApplicable,
                             List<PremiseResult> premises, List<ConfigurationSummary> configurations,
                             int runsPerConfiguration) {

    /**
     * The verdict. Where several apply the first of this order is given (all are printed): a refuted claim,
     * then a premise not met, not measured, then a claim not shown.
     */
    public enum Outcome {
        PASS("PASS"),
        REFUTED("FAIL (refuted)"),
        PREMISE_NOT_MET("FAIL (premise not met)"),
        PREMISE_NOT_MEASURED("FAIL (premise not measured)"),
        NOT_SHOWN("FAIL (not shown)"),
        /** The host lacks a capability the finding needs (docs/findings.md, section 4); never a pass. */
        NOT_APPLICABLE("NOT APPLICABLE");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** What {@link #hostCapabilities} says of a capability the host has. */
    static final String HAS = "yes";

    public FindingVerdict {
        hostCapabilities = Map.copyOf(hostCapabilities);
        claims = List.copyOf(claims);
        claimsNotApplicable = Map.copyOf(claimsNotApplicable);
        premises = List.copyOf(premises);
        configurations = List.copyOf(configurations);
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    public boolean applicable() {
        return outcome != Outcome.NOT_APPLICABLE;
    }

    /** The verdict with its numbers, one claim, premise or configuration a line. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add(finding + " (" + title + "): " + outcome.text() + (runsPerConfiguration == 0 ? ""
                : " after " + runsPerConfiguration + " run" + (runsPerConfiguration == 1 ? "" : "s")
                        + " of each configuration"));
        lines.add("  host: " + hostCapabilities.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(capability -> capability.getKey() + ": " + capability.getValue())
                .collect(Collectors.joining("; ")));
        if (!claims.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "  claims (95 %% percentile-bootstrap intervals over pooled seconds,"
                    + " %,d resamples, SplittableRandom(%d) seeded afresh per claim):", Bootstrap.RESAMPLES,
                    Bootstrap.SEED));
            claims.forEach(claim -> lines.add("    " + claim.describe()));
        }
        claimsNotApplicable.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(claim ->
                lines.add("  " + claim.getKey() + " not applicable: " + claim.getValue()));
        if (!premises.isEmpty()) {
            lines.add("  premises:");
            premises.forEach(premise -> lines.add("    " + premise.description() + ": " + premise.status().text()
                    + (premise.numbers().isEmpty() ? "" : ": " + premise.numbers())));
        }
        if (!configurations.isEmpty()) {
            lines.add("  configurations (pooled seconds):");
            configurations.forEach(configuration -> lines.add("    " + configuration.describe()));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** {@code F1: FAIL (refuted), 2 runs: F1.1 holds [0.62, 0.80], F1.3 refuted [-0.50, 0.10]}, for the run's end. */
    public String summary() {
        String judged = claims.stream().map(claim -> claim.claim().id() + " " + claim.decision().text()
                + (claim.interval().defined() ? " " + claim.bounds() : " (interval undefined)"))
                .collect(Collectors.joining(", "));
        String unmet = premises.stream().filter(premise -> !premise.satisfied())
                .map(premise -> premise.description() + " " + premise.status().text() + " (" + premise.numbers() + ")")
                .collect(Collectors.joining(", "));
        String notApplicable = String.join("; ", claimsNotApplicable.values());
        return finding + ": " + outcome.text() + (runsPerConfiguration == 0 ? "" : ", " + runsPerConfiguration
                + " runs") + (judged.isEmpty() ? "" : ": " + judged) + (unmet.isEmpty() ? "" : "; premises: " + unmet)
                + (outcome == Outcome.NOT_APPLICABLE || notApplicable.isEmpty() ? "" : "; not applicable: "
                        + notApplicable) + (outcome == Outcome.NOT_APPLICABLE ? ": " + hostCapabilities.values()
                        .stream().filter(reason -> !reason.equals(HAS)).collect(Collectors.joining("; ")) : "");
    }

    /** The verdict as one line of JSON; undefined numbers are null. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("finding", finding);
        json.put("title", title);
        json.put("verdict", outcome.text());
        json.put("outcome", outcome.name());
        json.put("runsPerConfiguration", runsPerConfiguration);
        json.put("seed", Bootstrap.SEED);
        json.put("resamples", Bootstrap.RESAMPLES);
        json.put("hostCapabilities", new TreeMap<>(hostCapabilities));
        json.put("claims", claims.stream().map(ClaimResult::toJson).toList());
        json.put("claimsNotApplicable", new TreeMap<>(claimsNotApplicable));
        json.put("premises", premises.stream().map(premise -> Map.of("premise", premise.description(),
                "status", premise.status().name(), "numbers", premise.numbers())).toList());
        json.put("configurations", configurations.stream().map(configuration -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("configuration", configuration.label());
            entry.put("runs", configuration.runs());
            entry.put("seconds", configuration.seconds());
            entry.put("lossPercent", number(configuration.lossPercent()));
            entry.put("p50Millis", number(configuration.p50Millis()));
            entry.put("p75Millis", number(configuration.p75Millis()));
            entry.put("p99Millis", number(configuration.p99Millis()));
            return entry;
        }).toList());
        return JsonFiles.toLine(json);
    }

    static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
