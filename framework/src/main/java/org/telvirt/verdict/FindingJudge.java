package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.telvirt.Configuration;
import org.telvirt.host.HostCapability;

/**
 * Judges a finding as docs/findings.md, section 1, fixes it: the host's capabilities first, before anything runs;
 * then {@value #FIRST_RUNS} runs of every configuration the finding reads, measured round by round; every claim's
 * interval; a stop when a claim is refuted or all hold, else one more run of each configuration, up to
 * {@value #MAX_RUNS}; at the stop the premises, on the same runs.
 */
public final class FindingJudge {
    public static final int FIRST_RUNS = 2;
    public static final int MAX_RUNS = 5;

    private final RunSource runs;
    private final HostCapabilities host;

    public FindingJudge(RunSource runs, HostCapabilities host) {
        this.runs = runs;
        this.host = host;
    }

    public FindingVerdict judge(Finding finding) {
        Map<String, String> capabilities = new LinkedHashMap<>();
        Map<HostCapability, Optional<String>> lacking = new LinkedHashMap<>();
        for (HostCapability capability : everyCapabilityNeeded(finding)) {
            Optional<String> reason = host.lacks(capability);
            lacking.put(capability, reason);
            capabilities.put(capability.description(), reason.orElse(FindingVerdict.HAS));
        }
        List<Claim> judged = new ArrayList<>();
        Map<String, String> claimsNotApplicable = new LinkedHashMap<>();
        for (Claim claim : finding.claims()) {
            Optional<String> missing = firstLacking(claim.needs(), lacking);
            if (missing.isPresent()) {
                claimsNotApplicable.put(claim.id(), claim.statistic().describe(finding::label) + ": " + missing.get());
            } else {
                judged.add(claim);
            }
        }
        if (firstLacking(finding.needs(), lacking).isPresent() || judged.isEmpty()) {
            return new FindingVerdict(finding.id(), finding.title(), FindingVerdict.Outcome.NOT_APPLICABLE,
                    capabilities, List.of(), claimsNotApplicable, List.of(), List.of(), 0);
        }
        List<Premise> measurable = finding.premises().stream()
                .filter(premise -> firstLacking(premise.needs(), lacking).isEmpty()).toList();
        Set<Configuration> needed = new HashSet<>();
        judged.forEach(claim -> needed.addAll(claim.statistic().configurations()));
        measurable.forEach(premise -> needed.addAll(premise.configurations()));
        Map<Configuration, MeasuredConfiguration> measured = new LinkedHashMap<>();
        finding.configurations().stream().filter(needed::contains)
                .forEach(configuration -> measured.put(configuration, new MeasuredConfiguration(configuration)));

        int runCount = 0;
        List<ClaimResult> results;
        do {
            int target = runCount == 0 ? FIRST_RUNS : runCount + 1;
            for (int run = runCount + 1; run <= target; run++) {
                for (MeasuredConfiguration configuration : measured.values()) {
                    configuration.add(runs.run(configuration.configuration(), run));
                }
            }
            runCount = target;
            results = judge(judged, measured, finding);
        } while (!settled(results) && runCount < MAX_RUNS);

        List<PremiseResult> premises = new ArrayList<>();
        for (Premise premise : finding.premises()) {
            Optional<String> missing = firstLacking(premise.needs(), lacking);
            premises.add(missing.isPresent()
                    ? new PremiseResult(premise.describe(finding::label), PremiseResult.Status.NOT_MEASURED,
                            "the host cannot run what it reads: " + missing.get())
                    : premise.evaluate(measured::get, finding::label));
        }
        List<ConfigurationSummary> summaries = measured.values().stream()
                .map(configuration -> ConfigurationSummary.of(finding.label(configuration.configuration()),
                        configuration)).toList();
        return new FindingVerdict(finding.id(), finding.title(), outcome(results, premises), capabilities, results,
                claimsNotApplicable, premises, summaries, runCount);
    }

    private static List<ClaimResult> judge(List<Claim> claims, Map<Configuration, MeasuredConfiguration> measured,
            Finding finding) {
        Map<Configuration, SecondsPool> pools = new LinkedHashMap<>();
        measured.forEach((configuration, runs) -> pools.put(configuration, runs.pool()));
        List<ClaimResult> results = new ArrayList<>();
        for (Claim claim : claims) {
            List<Configuration> configurations = claim.statistic().configurations();
            Interval interval = Bootstrap.interval(claim.statistic(), pools.get(configurations.get(0)),
                    configurations.size() == 1 ? null : pools.get(configurations.get(1)));
            results.add(new ClaimResult(claim, claim.statistic().describe(finding::label), interval,
                    claim.criterion().decide(interval)));
        }
        return results;
    }

    /** A claim refuted, or every claim holding: the sequence stops. */
    private static boolean settled(List<ClaimResult> results) {
        return results.stream().anyMatch(result -> result.decision() == ClaimDecision.REFUTED)
                || results.stream().allMatch(result -> result.decision() == ClaimDecision.HOLDS);
    }

    private static FindingVerdict.Outcome outcome(List<ClaimResult> claims, List<PremiseResult> premises) {
        if (claims.stream().anyMatch(claim -> claim.decision() == ClaimDecision.REFUTED)) {
            return FindingVerdict.Outcome.REFUTED;
        }
        if (premises.stream().anyMatch(premise -> premise.status() == PremiseResult.Status.NOT_MET)) {
            return FindingVerdict.Outcome.PREMISE_NOT_MET;
        }
        if (premises.stream().anyMatch(premise -> premise.status() == PremiseResult.Status.NOT_MEASURED)) {
            return FindingVerdict.Outcome.PREMISE_NOT_MEASURED;
        }
        if (claims.stream().anyMatch(claim -> claim.decision() != ClaimDecision.HOLDS)) {
            return FindingVerdict.Outcome.NOT_SHOWN;
        }
        return FindingVerdict.Outcome.PASS;
    }

    private static Set<HostCapability> everyCapabilityNeeded(Finding finding) {
        Set<HostCapability> needed = EnumSet.noneOf(HostCapability.class);
        needed.addAll(finding.needs());
        finding.claims().forEach(claim -> needed.addAll(claim.needs()));
        finding.premises().forEach(premise -> needed.addAll(premise.needs()));
        return needed;
    }

    private static Optional<String> firstLacking(Set<HostCapability> needs,
            Map<HostCapability, Optional<String>> lacking) {
        return needs.stream().sorted().map(lacking::get).flatMap(Optional::stream).findFirst();
    }
}
