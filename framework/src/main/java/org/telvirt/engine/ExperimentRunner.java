package org.telvirt.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.telvirt.host.BootedHost;
import org.telvirt.host.DisturbanceMonitor;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostDisturbance;
import org.telvirt.host.HostRun;
import org.telvirt.host.MeasuredWindow;
import org.telvirt.host.Measurement;
import org.telvirt.host.Programs;
import org.telvirt.host.QuietAttempts;
import org.telvirt.workloads.rtp.IntervalLog;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;
import org.telvirt.workloads.signaling.SignalingClient;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.Configuration;
import org.telvirt.ExperimentTimeoutException;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.SloLimits;
import org.telvirt.Workload;

/**
 * Runs one configuration in the order that keeps the host safe: fit it to the host, validate,
 * provision and tune it on the test class's running domains, measure, end it, then record the
 * results. The domains are restored when the class ends, and at once when a configuration fails on
 * them. Shared by {@link ExperimentExtension} and {@link ReusingLab}.
 */
final class ExperimentRunner {
    private final HostSession hosts;
    private final DurationOverrides durations;
    private final BootedHosts booted;

    ExperimentRunner(HostSession hosts, DurationOverrides durations, BootedHosts booted) {
        this.hosts = hosts;
        this.durations = durations;
        this.booted = booted;
    }

    /** The configuration as the selected host runs it: build-wide durations, the host's stream scale. */
    Configuration fitted(Configuration asked) {
        Workload workload = durations.apply(asked.workload()).scaled(hosts.selectedProfile().streamScaleOrDefault());
        return asked.withWorkload(workload);
    }

    HostProfile selectedProfile() {
        return hosts.selectedProfile();
    }

    Host hostFor(Configuration configuration) {
        return hosts.hostFor(configuration);
    }

    /** Why the selected host lacks a capability a paper finding needs, or empty when it has it. */
    Optional<String> lacks(HostCapability capability) {
        return hosts.selectedHost().lacks(capability);
    }

    /**
     * Validates (nothing on the host changes when it throws {@link InvalidConfigurationException}),
     * skips what the host cannot do, runs, and records the run with the SLO it is held to. A run
     * still measuring when {@code timeLimit} has passed is stopped, the host restored, and
     * {@link ExperimentTimeoutException} thrown.
     */
    MediaRun run(Configuration asked, SloLimits slo, Class<?> testClass, String method, Optional<TimeLimit> timeLimit)
            throws InterruptedException {
        return run(asked, slo, testClass, method, timeLimit, 1);
    }

    /** As {@link #run(Configuration, SloLimits, Class, String, Optional)}, as the test's {@code repetition}-th run of it. */
    MediaRun run(Configuration asked, SloLimits slo, Class<?> testClass, String method, Optional<TimeLimit> timeLimit,
            int repetition) throws InterruptedException {
        long started = System.nanoTime();
        Configuration configuration = fitted(asked);
        Host host = hosts.hostFor(configuration);
        List<String> problems = new ArrayList<>(host.validate(configuration));
        problems.addAll(configuration.workload().programLimitProblems(asked.workload(),
                hosts.selectedProfile().streamScaleOrDefault(), source(asked, testClass, method, MediaStreams.class),
                source(asked, testClass, method, SignalingLoad.class)));
        problems.addAll(Programs.problems());
        if (slo.limitsCalls() && configuration.workload().callsPerSecond() == 0) {
            problems.add(source(asked, testClass, method, Slo.class) + ": p99CallSetupMillis and maxFailedCalls"
                    + " limit calls, and the workload places none: add @SignalingLoad or leave them out");
        }
        if (host.profile().generators() != null) {
            problems.addAll(host.profile().generators().problems(configuration.workload().streams(),
                    source(asked, testClass, method, MediaStreams.class)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Optional<String> unsupported = host.unsupportedReason(configuration);
        if (unsupported.isPresent()) {
            throw new TestAbortedException("configuration " + configuration.id() + " skipped on host '"
                    + host.profile().name() + "': " + unsupported.get());
        }
        Path directory = ResultFiles.directoryFor(testClass, method, configuration, repetition);
        QuietAttempts.Attempted<MediaRun> quiet = QuietAttempts.measure("configuration " + configuration.id()
                + " on host '" + host.profile().name() + "'", directory, voided -> {
                    try {
                        Measured measured = measure(host, configuration, directory, timeLimit, started, voided);
                        return new QuietAttempts.Attempted<>(measured.run(), measured.disturbance());
                    } catch (InterruptedException | RuntimeException | Error failed) {
                        try {
                            ResultFiles.writeFailedRunRecord(configuration, host.profile().name(), slo,
                                    asked.workload().streams(), directory, failed);
                        } catch (RuntimeException unwritable) {
                            failed.addSuppressed(unwritable);
                        }
                        throw failed;
                    }
                }, (attempted, attempts) -> {
                    // neither judged against its SLO nor kept for a finding to reuse: it measured the neighbours
                    HostException disturbed = hostDisturbed(attempted.result(), attempted.disturbance(), attempts);
                    ResultFiles.writeDisturbedRunRecord(attempted.result(), attempted.disturbance(), slo,
                            asked.workload().streams(), disturbed);
                    return disturbed;
                });
        ResultFiles.writeRunRecord(quiet.result(), quiet.disturbance(), slo, asked.workload().streams());
        RunLedger.record(quiet.result());
        return quiet.result();
    }

    private static HostException hostDisturbed(MediaRun run, HostDisturbance disturbance, String attempts) {
        return new HostException(HostDisturbance.MESSAGE_PREFIX + " " + String.join(", ", disturbance.limitsExceeded())
                + " over " + disturbance.window() + " of configuration " + run.configuration().id() + " on host '"
                + run.host() + "' (" + attempts + "): the hypervisor ran something else on this machine's CPUs, so"
                + " the run's loss and delay are not the configuration's and its SLO was not judged; run it again on a"
                + " quiet machine (numbers in " + run.resultDirectory().resolve(ResultFiles.RUN_RECORD) + ")");
    }

    /**
     * What the host says of a configuration before anything on it changes: the problems it has with
     * it (configuration errors in {@link #run}) and why it could not run it at all (a skip there).
     */
    HostCheck check(Configuration asked) {
        Configuration configuration = fitted(asked);
        Host host = hosts.hostFor(configuration);
        return new HostCheck(host.validate(configuration), host.unsupportedReason(configuration));
    }

    record HostCheck(List<String> problems, Optional<String> unsupportedReason) {
        /** Everything that keeps the host from running the configuration; empty when it can. */
        List<String> reasons() {
            List<String> reasons = new ArrayList<>(problems);
            unsupportedReason.ifPresent(reasons::add);
            return reasons;
        }
    }

    /** Where a workload setting came from: the test's annotation, or the figure's column. */
    private static String source(Configuration asked, Class<?> testClass, String method, Class<?> annotation) {
        return asked.figure() == null ? "@" + annotation.getSimpleName() + " on " + testClass.getSimpleName() + "."
                + method + "()" : "configuration " + asked.id() + " of " + asked.figure().title();
    }

    /** A test's time limit and the annotation it came from, for the message when it passes. */
    record TimeLimit(Duration duration, String source) {
    }

    /** A measured run and how much the hypervisor took the machine's CPUs while it measured. */
    private record Measured(MediaRun run, HostDisturbance disturbance) {
    }

    private Measured measure(Host host, Configuration configuration, Path directory,
            Optional<TimeLimit> timeLimit, long started, List<String> voidedAttempts) throws InterruptedException {
        Measurement measurement;
        List<DisturbanceMonitor.Sample> cpuSamples;
        List<AppliedKnob> applied;
        List<String> notes = new ArrayList<>(voidedAttempts);
        BootedHost domains = booted.forHost(host);
        booted.takeRebootNote(host).ifPresent(notes::add);
        try (HostRun run = domains.provision(configuration, directory)) {
            applied = run.applied();
            notes.addAll(run.notes());
            // watched around the measurement in every driver alike; the delay log narrows it to the measured seconds
            try (DisturbanceMonitor monitor = DisturbanceMonitor.start(host.cpuAccounting())) {
                MeasurementDeadline deadline = MeasurementDeadline.arm(timeLimit.map(TimeLimit::duration), started);
                try {
                    measurement = run.measure(configuration.workload(), directory);
                } catch (InterruptedException | RuntimeException stopped) {
                    if (deadline.disarm()) {
                        throw timedOut(timeLimit.get(), configuration, host, directory, started);
                    }
                    throw stopped;
                } finally {
                    deadline.disarm();
                }
                cpuSamples = monitor.stop();
            }
        } catch (InterruptedException | RuntimeException | Error failed) {
            // what failed (a server that hung, a timeout) may have left the domains in any state: restore the host now
            try {
                booted.discard(host, "configuration " + configuration.id() + " failed on the domains before: "
                        + failed.getMessage());
            } catch (RuntimeException restoreFailed) {
                failed.addSuppressed(restoreFailed);
            }
            throw failed;
        }
        RunSummary summary;
        IntervalLog intervals;
        List<StreamResult> streams;
        Optional<SignalingClient.Summary> calls;
        try {
            summary = RunSummary.read(measurement.summaryFile());
            intervals = IntervalLog.read(measurement.histogramLog());
            streams = StreamResult.readCsv(measurement.perStreamCsv());
            calls = measurement.signalingSummary().isEmpty() ? Optional.empty()
                    : Optional.of(SignalingClient.Summary.read(measurement.signalingSummary().get()));
        } catch (IOException unreadable) {
            throw new HostException("the client's results are unreadable: " + unreadable.getMessage(), unreadable);
        }
        if (summary.packetsSent() == 0) {
            // no loss of nothing would meet every SLO: a gate must not pass having measured no packet
            throw new HostException("configuration " + configuration.id() + " on host '" + host.profile().name()
                    + "' measured nothing: the RTP client sent no packet in its measured seconds, so there is no loss or"
                    + " delay to judge (logs in " + directory + ")");
        }
        HostDisturbance disturbance = HostDisturbance.over(cpuSamples,
                MeasuredWindow.of(intervals.delayMicros(), summary.seconds().size()));
        notes.add(disturbance.describe());
        return new Measured(new MediaRun(configuration, host.profile().name(), configuration.workload(), applied, notes,
                summary, intervals.totals().delayMicros(), measurement.hostStatistics(), measurement.generators(),
                directory, Duration.ofNanos(System.nanoTime() - started), streams, calls), disturbance);
    }

    private static ExperimentTimeoutException timedOut(TimeLimit limit, Configuration configuration, Host host,
            Path directory, long started) {
        return new ExperimentTimeoutException(String.format(Locale.ROOT, "%s: configuration %s on host '%s' was still"
                        + " measuring when its %.1f s passed; it was stopped after %.1f s and the host restored"
                        + " (the limit bounds the experiment as well as the test body; logs in %s)", limit.source(),
                configuration.id(), host.profile().name(), limit.duration().toMillis() / 1000.0,
                (System.nanoTime() - started) / 1e9, directory));
    }
}
