package org.telvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.telvirt.host.Host;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * Runs one configuration on one host, in the order that keeps the host safe: validate, provision
 * and tune, measure, stop and restore (also when anything fails), then read the results.
 */
final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /** Throws {@link InvalidConfigurationException} before anything on the host changes. */
    static void validate(Host host, Configuration configuration) {
        List<String> problems = host.validate(configuration);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    static MediaRun run(Host host, Configuration configuration, Path resultDirectory) throws InterruptedException {
        long started = System.nanoTime();
        Measurement measurement;
        List<org.telvirt.host.AppliedKnob> applied;
        List<String> notes;
        try (HostRun run = host.provision(configuration, resultDirectory)) {
            applied = run.applied();
            notes = run.notes();
            measurement = run.measure(configuration.workload(), resultDirectory);
        }
        RunSummary summary = RunSummary.read(measurement.summaryFile());
        Histogram delays = MediaRun.readHistogramLog(measurement.histogramLog());
        return new MediaRun(configuration, host.profile().name(), configuration.workload(), applied, notes, summary,
                delays, measurement.hostStatistics(), resultDirectory, Duration.ofNanos(System.nanoTime() - started));
    }
}
