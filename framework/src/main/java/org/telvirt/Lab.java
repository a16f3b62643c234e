package org.telvirt;

import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Runs configurations on the selected host on a test's request, with the same lifecycle as
 * {@link TelephonyExperiment}; a configuration this JVM already measured on the same host is reused.
 */
public final class Lab {
    private final ExperimentRunner runner;
    private final Class<?> testClass;
    private final String method;

    Lab(ExperimentRunner runner, Class<?> testClass, String method) {
        this.runner = runner;
        this.testClass = testClass;
        this.method = method;
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
        return RunLedger.find(host, configuration).orElseGet(() -> {
            try {
                return runner.run(asked, SloLimits.NONE, testClass, method);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new TestAbortedException("interrupted while measuring " + configuration.id(), interrupted);
            }
        });
    }
}
