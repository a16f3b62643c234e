package org.telvirt.engine;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.Lab;
import org.telvirt.MediaRun;
import org.telvirt.RepeatedRuns;
import org.telvirt.SloLimits;

/** The {@link Lab} of a test: runs through the test's {@link ExperimentRunner}, reusing this JVM's runs. */
final class ReusingLab implements Lab {
    private final ExperimentRunner runner;
    private final ExtensionContext context;
    private final int comparisonRuns;

    ReusingLab(ExperimentRunner runner, ExtensionContext context, int comparisonRuns) {
        this.runner = runner;
        this.context = context;
        this.comparisonRuns = comparisonRuns;
    }

    @Override
    public MediaRun measure(Configuration asked) {
        List<MediaRun> earlier = earlierRuns(asked);
        return earlier.isEmpty() ? run(asked, 1) : earlier.get(0);
    }

    @Override
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

    @Override
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
