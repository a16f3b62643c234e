package org.telvirt.host.generators;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.telvirt.host.GeneratorHost;
import org.telvirt.GeneratorShare;
import org.telvirt.MediaRun;
import org.telvirt.host.Generators;
import org.telvirt.HostException;
import org.telvirt.host.Measurement;
import org.telvirt.host.RtpClientRun;
import org.telvirt.host.WorkloadStack;
import org.telvirt.workloads.rtp.IntervalLog;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;

/**
 * Sends a run's streams from several generators: splits them, gets every generator ready, starts
 * them all on one wall-clock schedule, and merges what they measured into one summary, one
 * histogram log (counts added second by second, percentiles from the added histograms) and one per-stream CSV.
 * Each generator measures
 * delay as a round trip at its own sender, so their clocks need not agree beyond the start.
 * A generator that fails or drops fails the run, naming it with its output; the others are
 * stopped first, so none sends into a host that is being restored.
 */
final class GeneratorFleet {
    /** From every generator ready to the first send: time for a JVM to start on each of them. */
    private static final Duration START_LEAD = Duration.ofSeconds(5);
    /** How long the others get to end once stopped. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final List<Generator> generators;
    private final List<String> remoteOptions;
    private final Path directory;

    GeneratorFleet(List<Generator> generators, List<String> remoteOptions, Path directory) {
        this.generators = List.copyOf(generators);
        this.remoteOptions = List.copyOf(remoteOptions);
        this.directory = directory;
    }

    /** The profile's generators for a run whose results go to {@code directory}. */
    static GeneratorFleet of(Generators profile, WorkloadStack stack, Path directory) {
        List<Generator> generators = new ArrayList<>();
        if (profile.includesLocal()) {
            generators.add(new LocalGenerator(stack));
        }
        if (!profile.remoteHosts().isEmpty()) {
            WorkloadsJar jar = WorkloadsJar.locate();
            String runId = System.currentTimeMillis() + "-" + ProcessHandle.current().pid();
            for (GeneratorHost host : profile.remoteHosts()) {
                generators.add(new RemoteGenerator(host, jar, runId));
            }
        }
        return new GeneratorFleet(generators, profile.clientOptions(), directory);
    }

    /**
     * Runs {@code whole} split across the generators: the local one keeps the options of
     * {@code whole} (those of the host it shares its CPUs with), the remote ones take the profile's.
     */
    Measurement run(RtpClientRun whole, Map<String, String> hostStatistics) throws InterruptedException {
        List<Integer> slices = StreamSplit.of(whole.streams(), generators.size());
        ExecutorService threads = Executors.newFixedThreadPool(generators.size(), task -> {
            Thread thread = new Thread(task, "telvirt-generator");
            thread.setDaemon(true);
            return thread;
        });
        Map<Future<GeneratorShare>, Generator> running = new LinkedHashMap<>();
        try {
            for (Generator generator : generators) {
                prepare(generator);
            }
            Instant startAt = Instant.now().plus(START_LEAD);
            CompletionService<GeneratorShare> finished = new ExecutorCompletionService<>(threads);
            for (int i = 0; i < generators.size(); i++) {
                Generator generator = generators.get(i);
                RtpClientRun slice = whole.slice(slices.get(i), startAt,
                        generator instanceof LocalGenerator ? whole.options() : remoteOptions);
                Path results = directory.resolve("generators").resolve(generator.name());
                running.put(finished.submit(() -> generator.run(slice, results)), generator);
            }
            List<GeneratorShare> shares = new ArrayList<>();
            for (int i = 0; i < generators.size(); i++) {
                Future<GeneratorShare> done = finished.take();
                try {
                    shares.add(done.get());
                } catch (ExecutionException failed) {
                    throw failedRun(running.get(done), failed.getCause(), running);
                }
            }
            List<String> order = generators.stream().map(Generator::name).toList();
            shares.sort(Comparator.comparingInt(share -> order.indexOf(share.name())));
            return merged(shares, hostStatistics);
        } catch (InterruptedException interrupted) {
            stopAll(running, null);
            throw interrupted;
        } finally {
            threads.shutdownNow();
            generators.forEach(Generator::close);
        }
    }

    private static void prepare(Generator generator) {
        try {
            generator.prepare();
        } catch (GeneratorFailure failed) {
            throw new HostException("generator '" + generator.name() + "' (" + generator.where() + ") "
                    + failed.getMessage(), failed);
        }
    }

    private HostException failedRun(Generator failed, Throwable cause, Map<Future<GeneratorShare>, Generator> running)
            throws InterruptedException {
        List<String> stopped = stopAll(running, failed);
        String output = cause instanceof GeneratorFailure generatorFailure && !generatorFailure.output().isBlank()
                ? "; its output:\n" + generatorFailure.output() : "; it printed nothing";
        return new HostException("generator '" + failed.name() + "' (" + failed.where() + ") failed: "
                + cause.getMessage() + output + (stopped.isEmpty() ? "" : "\nstopped the other generators: "
                + String.join(", ", stopped)), cause);
    }

    /** Stops every generator but {@code failed} and waits for them, so nothing sends once the run has failed. */
    private static List<String> stopAll(Map<Future<GeneratorShare>, Generator> running, Generator failed)
            throws InterruptedException {
        List<String> stopped = new ArrayList<>();
        running.forEach((future, generator) -> {
            if (generator != failed && !future.isDone()) {
                generator.stop();
                stopped.add(generator.name());
            }
        });
        for (Future<GeneratorShare> future : running.keySet()) {
            try {
                future.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException endedAnyway) {
                // it was stopped: that it failed or took long is expected and said by the first failure
            }
        }
        return stopped;
    }

    /** Every generator's streams, in generator order, numbered on from one slice to the next. */
    private static List<StreamResult> mergedStreams(List<GeneratorShare> shares) throws IOException {
        List<StreamResult> streams = new ArrayList<>();
        for (GeneratorShare share : shares) {
            for (StreamResult stream : StreamResult.readCsv(share.perStreamCsv())) {
                streams.add(stream.renumbered(streams.size()));
            }
        }
        return streams;
    }

    private Measurement merged(List<GeneratorShare> shares, Map<String, String> hostStatistics) {
        try {
            List<IntervalLog> logs = new ArrayList<>();
            for (GeneratorShare share : shares) {
                logs.add(IntervalLog.read(share.histogramLog()));
            }
            IntervalLog intervals = IntervalLog.merge(logs);
            RunSummary summary = RunSummary.merge(shares.stream().map(GeneratorShare::summary).toList(),
                    intervals.totals());
            Path summaryFile = directory.resolve("summary.json");
            summary.write(summaryFile);
            Path histogramLog = directory.resolve(MediaRun.DELAY_LOG);
            intervals.write(histogramLog);
            Path perStreamCsv = directory.resolve(Measurement.PER_STREAM_CSV);
            StreamResult.writeCsv(perStreamCsv, mergedStreams(shares));
            return new Measurement(summaryFile, histogramLog, perStreamCsv, Optional.empty(), hostStatistics, shares);
        } catch (IOException unreadable) {
            throw new HostException("cannot merge the results of generators " + shares.stream()
                    .map(GeneratorShare::name).collect(Collectors.joining(", ")) + ": " + unreadable.getMessage(),
                    unreadable);
        }
    }
}
