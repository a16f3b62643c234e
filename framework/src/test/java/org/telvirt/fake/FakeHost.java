package org.telvirt.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.BootedHost;
import org.telvirt.host.CpuAccounting;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;
import org.telvirt.workloads.signaling.SignalingClient;
import org.telvirt.knob.AppliedKnob;

/**
 * A host that changes nothing and measures a made-up but deterministic media run: a capped Dom0
 * loses 20 % of the packets in bursts of {@link #STARVED_BURST_PACKETS} and sets calls up in
 * 250 ms, failing {@link #STARVED_FAILED_CALLS}; more than {@link #STREAMS_PER_CORE} streams per
 * core lose 10 %, one packet at a time; everything else loses none and sets calls up in 5 ms. Its
 * CPUs show steal only when a test asks for it. It logs every lifecycle step so tests can see that the
 * host was restored whatever happened.
 */
final class FakeHost implements Host {
    static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
    static volatile boolean failNextMeasurement;
    /** The next measurement's client sends no packet: a media path that took none (an endpoint never reached). */
    static volatile boolean sendNothingNext;
    /** The domains booted after this many more measurements report a dead server; negative: none does. */
    static volatile int measurementsBeforeServerDies = -1;
    /** The hypervisor takes this share of the fake's two CPUs while a run measures, in percent: 0, or disturbing. */
    static volatile int stealPercent;
    /** Steal for the next runs, one each in order, before {@link #stealPercent} applies again. */
    static final Queue<Integer> STEAL_PERCENT_OF_NEXT_RUNS = new ConcurrentLinkedQueue<>();
    /** What one of the fake's cores carries without loss, so a capacity search has a known answer. */
    static final int STREAMS_PER_CORE = 250;
    static final int STARVED_BURST_PACKETS = 10;
    static final int STARVED_FAILED_CALLS = 3;

    private final HostProfile profile;

    FakeHost(HostProfile profile) {
        this.profile = profile;
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    @Override
    public List<String> validate(Configuration configuration) {
        return configuration.tuning().problemsOn(profile.coreCount());
    }

    @Override
    public Optional<String> unsupportedReason(Configuration configuration) {
        return configuration.tuning().vmmBypass() ? Optional.of("the fake host has no second NIC") : Optional.empty();
    }

    @Override
    public Optional<String> lacks(HostCapability capability) {
        return capability == HostCapability.VMM_BYPASS ? Optional.of("the fake host has no second NIC")
                : Optional.empty();
    }

    @Override
    public HostRun provision(Configuration configuration, Path resultDirectory) {
        EVENTS.add("provision " + configuration.id());
        return new FakeRun(configuration, configuration.tuning().cores().orElse(profile.coreCount()));
    }

    /** Domains that record their boot and shutdown, and die when a test says so. */
    @Override
    public BootedHost boot(Path directory) {
        EVENTS.add("boot");
        return new BootedHost() {
            private String died;

            @Override
            public HostRun provision(Configuration configuration, Path resultDirectory) {
                HostRun run = FakeHost.this.provision(configuration, resultDirectory);
                return new HostRun() {
                    @Override
                    public List<AppliedKnob> applied() {
                        return run.applied();
                    }

                    @Override
                    public List<String> notes() {
                        return run.notes();
                    }

                    @Override
                    public Measurement measure(Workload workload, Path directory) throws InterruptedException {
                        Measurement measurement = run.measure(workload, directory);
                        if (measurementsBeforeServerDies >= 0 && measurementsBeforeServerDies-- == 0) {
                            died = "fake media-server in media exited with 137";
                        }
                        return measurement;
                    }

                    @Override
                    public void close() {
                        run.close();
                    }
                };
            }

            @Override
            public Optional<String> unusableReason() {
                return Optional.ofNullable(died);
            }

            @Override
            public void close() {
                EVENTS.add("shut down");
            }
        };
    }

    /**
     * Two CPUs whose counters advance by one second each read, {@link #stealPercent} of it steal: this machine's own
     * steal would make the fake's tests depend on how busy the machine's neighbours are.
     */
    @Override
    public CpuAccounting cpuAccounting() {
        Integer next = STEAL_PERCENT_OF_NEXT_RUNS.poll();
        long stealTicksPerRead = next == null ? stealPercent : next;
        AtomicLong reads = new AtomicLong();
        return () -> {
            long read = reads.incrementAndGet();
            String times = "0 0 0 " + read * (100 - stealTicksPerRead) + " 0 0 0 " + read * stealTicksPerRead + " 0 0";
            return "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 " + times + "\ncpu1 " + times + "\nintr 0\n";
        };
    }

    @Override
    public void close() {
    }

    private record FakeRun(Configuration configuration, int cores) implements HostRun {
        @Override
        public List<AppliedKnob> applied() {
            return configuration.tuning().describe().entrySet().stream()
                    .map(knob -> new AppliedKnob("fake", knob.getKey(), knob.getValue(), "recorded only")).toList();
        }

        @Override
        public List<String> notes() {
            return List.of("fake host: numbers are made up");
        }

        @Override
        public Measurement measure(Workload workload, Path directory) {
            EVENTS.add("measure " + configuration.id());
            if (failNextMeasurement) {
                failNextMeasurement = false;
                try {
                    Files.writeString(directory.resolve("media-server.log"), "fake media server: stopped answering\n");
                } catch (IOException unwritable) {
                    throw new UncheckedIOException(unwritable);
                }
                throw new HostException("fake measurement failure");
            }
            boolean starved = configuration.tuning().cap(Role.DOM0).isPresent();
            boolean overloaded = workload.streams() > cores * STREAMS_PER_CORE;
            long sentPerStreamEachSecond = sendNothingNext ? 0 : 50L;
            sendNothingNext = false;
            long lostPerStreamEachSecond = starved ? 10 : overloaded ? 5 : 0;
            long sentEachSecond = workload.streams() * sentPerStreamEachSecond;
            long lostEachSecond = workload.streams() * lostPerStreamEachSecond;
            long sentPerStream = sentPerStreamEachSecond * workload.seconds();
            long lostPerStream = lostPerStreamEachSecond * workload.seconds();
            long burst = starved ? STARVED_BURST_PACKETS : 1;
            List<StreamResult> streams = new ArrayList<>();
            for (int stream = 0; stream < workload.streams(); stream++) {
                streams.add(new StreamResult(stream, stream, sentPerStream, sentPerStream - lostPerStream,
                        lostPerStream, 0, 0, 10, 20, lostPerStream / burst, lostPerStream == 0 ? 0 : burst));
            }
            long delayMicros = starved ? 40_000 : overloaded ? 20_000 : 800;
            List<RunSummary.Second> seconds = new ArrayList<>();
            for (int second = 0; second < workload.seconds(); second++) {
                seconds.add(new RunSummary.Second(sentEachSecond, lostEachSecond));
            }
            RunHistograms histograms = RunHistograms.empty();
            Path summaryFile = directory.resolve("summary.json");
            Path histogramLog = directory.resolve("delay.hlog");
            Path perStreamCsv = directory.resolve(Measurement.PER_STREAM_CSV);
            try {
                try (PrintStream out = new PrintStream(Files.newOutputStream(histogramLog))) {
                    HistogramLogWriter writer = new HistogramLogWriter(out);
                    writer.outputLogFormatVersion();
                    for (int second = 0; second < workload.seconds(); second++) {
                        Histogram delays = new Histogram(3);
                        delays.recordValueWithCount(delayMicros, sentEachSecond - lostEachSecond);
                        writer.outputIntervalHistogram(delays);
                        histograms.delayMicros().add(delays);
                    }
                }
                histograms.sendLatenessMicros().recordValue(5);
                RunSummary.of(workload.streams(), workload.seconds(), seconds, 0, 0, 0,
                        new RunSummary.JitterMicros(10, 20), histograms).write(summaryFile);
                StreamResult.writeCsv(perStreamCsv, streams);
                Measurement measurement = new Measurement(summaryFile, histogramLog, perStreamCsv, Map.of("fake", "yes"));
                return workload.callsPerSecond() == 0 ? measurement
                        : measurement.withSignalingSummary(writeCalls(workload, starved, directory));
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }

        private static Path writeCalls(Workload workload, boolean starved, Path directory) throws IOException {
            long attempted = Math.round(workload.callsPerSecond() * workload.seconds());
            long failed = starved ? STARVED_FAILED_CALLS : 0;
            double setupMillis = starved ? 250 : 5;
            SignalingClient.Summary calls = new SignalingClient.Summary(attempted, attempted - failed, failed,
                    9 * attempted, 9 * attempted, 0, new SignalingClient.SetupMillis(setupMillis, setupMillis,
                    setupMillis));
            Path file = directory.resolve(Measurement.SIGNALING_SUMMARY);
            new ObjectMapper().writeValue(file.toFile(), calls);
            return file;
        }

        @Override
        public void close() {
            EVENTS.add("restore " + configuration.id());
        }
    }
}
