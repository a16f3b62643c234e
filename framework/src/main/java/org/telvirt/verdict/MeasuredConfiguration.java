package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.knob.AppliedKnob;

/**
 * The runs of one configuration a finding has measured so far, kept as the judging needs them: each run's seconds in
 * sparse form (a run's delay histograms are not kept), its domains' busy cores and its knobs as applied.
 */
final class MeasuredConfiguration {
    private final Configuration configuration;
    private final List<List<SparseSecond>> secondsByRun = new ArrayList<>();
    private final List<Map<String, Double>> busyCoresByRun = new ArrayList<>();
    private final List<List<AppliedKnob>> appliedByRun = new ArrayList<>();

    MeasuredConfiguration(Configuration configuration) {
        this.configuration = configuration;
    }

    void add(JudgedRun run) {
        secondsByRun.add(run.seconds().stream().map(SparseSecond::of).toList());
        busyCoresByRun.add(run.busyCores());
        appliedByRun.add(run.applied());
    }

    Configuration configuration() {
        return configuration;
    }

    int runs() {
        return secondsByRun.size();
    }

    int seconds() {
        return secondsByRun.stream().mapToInt(List::size).sum();
    }

    /** Every second of every run, pooled. */
    SecondsPool pool() {
        return new SecondsPool(secondsByRun.stream().flatMap(List::stream).toList());
    }

    /**
     * Busy cores of {@code domains} added up, the mean over the runs (docs/findings.md, section 2); {@code domains}
     * empty stands for every domain the configuration runs. Empty when a run has no account of one of them.
     */
    OptionalDouble meanBusyCores(List<String> domains) {
        List<String> counted = domains.isEmpty() ? everyDomain() : domains;
        double sum = 0;
        for (Map<String, Double> run : busyCoresByRun) {
            for (String domain : counted) {
                Double cores = run.get(domain);
                if (cores == null) {
                    return OptionalDouble.empty();
                }
                sum += cores;
            }
        }
        return busyCoresByRun.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sum / busyCoresByRun.size());
    }

    /** Dom0 and the guests the configuration's workload runs. */
    private List<String> everyDomain() {
        List<String> domains = new ArrayList<>();
        domains.add(Role.DOM0);
        domains.addAll(configuration.workload().guestDomains());
        return domains;
    }

    List<List<AppliedKnob>> appliedByRun() {
        return appliedByRun;
    }
}
