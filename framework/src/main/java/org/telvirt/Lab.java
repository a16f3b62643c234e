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
    private final ExperimentRunner runner;
    private final ExtensionContext context;

    Lab(ExperimentRunner runner, ExtensionContext context) {
        this.runner = runner;
        this.context = context;
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
        Configuration configuration = runner.fitted(asked);
        String host = runner.hostFor(configuration).profile().name();
        return RunLedger.find(host, configuration).orElseGet(() -> run(asked));
    }

    private MediaRun run(Configuration asked) {
        RunReporting reporting = RunReporting.forLab(context, asked);
        try {
            MediaRun run = runner.run(asked, SloLimits.NONE, context.getRequiredTestClass(),
                    context.getRequiredTestMethod().getName(), Optional.empty());
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
