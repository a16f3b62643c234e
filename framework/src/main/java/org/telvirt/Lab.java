package org.telvirt;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Runs configurations on the selected host on a test's request, with the same lifecycle as
 * {@link TelephonyExperiment}; a configuration this JVM already measured on the same host is reused.
 */
public final class Lab {
    /** {@code -Dtelvirt.comparisonRuns=N}: how many runs of each configuration {@link #measureRepeatedly} judges. */
    public static final String COMPARISON_RUNS_PROPERTY = "telvirt.comparisonRuns";
    /** Three: a median that one run's burst cannot move. */
    public static final int DEFAULT_COMPARISON_RUNS = 3;

    private final ExperimentRunner runner;
    private final ExtensionContext context;
    private final int comparisonRuns;

    Lab(ExperimentRunner runner, ExtensionContext context, int comparisonRuns) {
        this.runner = runner;
        this.context = context;
        this.comparisonRuns = comparisonRuns;
    }

    /** A figure's column. */
    public MediaRun measure(Figure figure, String configurationId) {
        return measure(figure.configuration(configurationId));
    }

    /** Every listed column of a figure, in order. */
    public List<MediaRun> measure(Figure figure, String... configurationIds) {
        return List.of(configurationIds).stream().map(id -> measure(figure, id)).toList();
    }

    /** Runs the configuration at the host's stream scale, or returns this JVM's earlier run of it. */
    public MediaRun measure(Configuration asked) {
        List<MediaRun> earlier = earlierRuns(asked);
        return earlier.isEmpty() ? run(asked, 1) : earlier.get(0);
    }

    /**
     * Every listed column of a figure, each run {@link #comparisonRuns()} times (this JVM's earlier runs of it count),
     * for comparisons judged on medians. Measured round by round, one run of each column before the next of any, so
     * that whatever drifts on the host while they run weighs on every column alike.
     */
    public List<RepeatedRuns> measureRepeatedly(Figure figure, String... configurationIds) {
        List<Configuration> asked = List.of(configurationIds).stream().map(figure::configuration).toList();
        for (int repetition = 1; repetition <= comparisonRuns; repetition++) {
            for (Configuration configuration : asked) {
                if (earlierRuns(configuration).size() < repetition) {
                    run(configuration, repetition);
                }
            }
        }
        return asked.stream().map(configuration -> new RepeatedRuns(earlierRuns(configuration)
                .subList(0, comparisonRuns))).toList();
    }

    /** How many runs of each configuration {@link #measureRepeatedly} judges. */
    public int comparisonRuns() {
        return comparisonRuns;
    }

    private List<MediaRun> earlierRuns(Configuration asked) {
        Configuration configuration = runner.fitted(asked);
        return RunLedger.findAll(runner.hostFor(configuration).profile().name(), configuration);
    }

    private MediaRun run(Configuration asked, int repetition) {
        RunReporting reporting = RunReporting.forLab(context, asked, repetition);
        try {
            MediaRun run = runner.run(asked, SloLimits.NONE, context.getRequiredTestClass(),
                    context.getRequiredTestMethod().getName(), Optional.empty(), repetition);
            reporting.measured(run, SloLimits.NONE);
            return run;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            reporting.failed(interrupted);
            throw new TestAbortedException("interrupted while measuring " + asked.id(), interrupted);
        } catch (RuntimeException | Error failure) {
            reporting.failed(failure);
            throw failure;
        }
    }
}
