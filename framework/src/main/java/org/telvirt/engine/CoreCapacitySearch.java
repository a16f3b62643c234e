package org.telvirt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.telvirt.knob.Tuning;
import org.telvirt.CapacityResult;
import org.telvirt.CapacityStep;
import org.telvirt.Configuration;
import org.telvirt.CoreCapacity;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.SloLimits;
import org.telvirt.report.ReportFormat;

/**
 * Runs a {@link CapacityPlan} on the selected host: for each core count from the most to the
 * fewest, the stream search of the workloads' {@code capacity} program, each step a whole
 * experiment through {@link ExperimentRunner} judged by the {@link org.telvirt.Slo}.
 */
final class CoreCapacitySearch {
    private final ExperimentRunner runner;
    private final CapacityPlan plan;
    private final Configuration base;
    private final SloLimits slo;
    private final Class<?> testClass;
    private final String method;
    private final CapacityProgress progress;
    private final List<CoreCapacity> found = new ArrayList<>();
    private int steps;

    CoreCapacitySearch(ExperimentRunner runner, CapacityPlan plan, Configuration base, SloLimits slo,
            Class<?> testClass, String method, CapacityProgress progress) {
        this.runner = runner;
        this.plan = plan;
        this.base = base;
        this.slo = slo;
        this.testClass = testClass;
        this.method = method;
        this.progress = progress;
    }

    /**
     * Searches every core count; the fully provisioned host must be able to run the configuration
     * (its problems are configuration errors, its refusal a skip), fewer cores may be skipped.
     */
    void run() throws Exception {
        ExperimentRunner.HostCheck fullyProvisioned = runner.check(base);
        if (!fullyProvisioned.problems().isEmpty()) {
            throw new InvalidConfigurationException(fullyProvisioned.problems());
        }
        if (fullyProvisioned.unsupportedReason().isPresent()) {
            throw new TestAbortedException("capacity search skipped: " + fullyProvisioned.unsupportedReason().get());
        }
        int start = plan.startStreams();
        for (int cores : plan.coreCounts()) {
            List<String> cannot = runner.check(atCores(cores, base.workload().streams())).reasons();
            if (!cannot.isEmpty()) {
                CoreCapacity skipped = CoreCapacity.skipped(cores, String.join("; ", cannot));
                found.add(skipped);
                progress.skipped(skipped);
                continue;
            }
            CoreCapacity capacity = search(cores, start);
            found.add(capacity);
            progress.found(capacity);
            if (capacity.maxStreams() > 0) {
                start = capacity.maxStreams();
            }
        }
    }

    /** {@link #capacityRisingAsCoresFall(List, double)} of what this search found. */
    List<String> capacityRisingAsCoresFall() {
        return capacityRisingAsCoresFall(found, plan.resolutionPercent());
    }

    /**
     * Each core count that carried more streams than a larger one by more than the search resolves (its resolution at
     * the larger count's capacity): fewer cores cannot carry more load, so such a rise is the host's noise deciding
     * the answer, and the search has failed. {@code found} is most cores first.
     */
    static List<String> capacityRisingAsCoresFall(List<CoreCapacity> found, double resolutionPercent) {
        List<CoreCapacity> measured = found.stream().filter(capacity -> !capacity.skipped()).toList();
        List<String> rises = new ArrayList<>();
        for (int fewer = 1; fewer < measured.size(); fewer++) {
            for (int more = 0; more < fewer; more++) {
                CoreCapacity larger = measured.get(more);
                CoreCapacity smaller = measured.get(fewer);
                double noise = org.telvirt.workloads.capacity.CapacitySearch.resolutionStreams(larger.maxStreams(),
                        resolutionPercent);
                if (smaller.maxStreams() - larger.maxStreams() > noise) {
                    rises.add(String.format(Locale.ROOT, "%d cores carried %d streams, %d cores only %d: more than"
                            + " the search's %s %% resolution (%.0f streams) apart", smaller.cores(),
                            smaller.maxStreams(), larger.cores(), larger.maxStreams(),
                            ReportFormat.decimal(resolutionPercent), noise));
                    break;
                }
            }
        }
        return rises;
    }

    /** What was found so far, most cores first: all of it after {@link #run}, a part if a run failed. */
    CapacityResult result() {
        return new CapacityResult(base.workload().streams(), slo, runner.selectedProfile().name(), found);
    }

    private CoreCapacity search(int cores, int startStreams) throws Exception {
        List<CapacityStep> taken = new ArrayList<>();
        org.telvirt.workloads.capacity.CapacitySearch<CapacityStep> search =
                new org.telvirt.workloads.capacity.CapacitySearch<>(CapacityStep::meetsSlo, startStreams,
                        plan.maxStreams(), plan.resolutionPercent(), plan.retries());
        org.telvirt.workloads.capacity.CapacitySearch.Result<CapacityStep> result = search.search(streams -> {
            MediaRun run = runner.run(atCores(cores, streams), slo, testClass, method, Optional.empty());
            return new CapacityStep(++steps, cores, streams, run, slo.violations(run));
        }, step -> {
            taken.add(step.run());
            progress.step(step.run());
        });
        return CoreCapacity.measured(cores, result.maxStreams(), taken);
    }

    private Configuration atCores(int cores, int streams) {
        Tuning tuning = Tuning.builder().from(base.tuning()).cores(cores).build();
        String id = cores + " cores " + streams + " streams step " + (steps + 1);
        return Configuration.single(id, tuning, base.workload().withStreams(streams));
    }
}
