package org.telvirt.workloads.jitter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.net.RealTimeThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "host-jitter", mixinStandardHelpOptions = true,
        description = {
            "Measures how punctual this host lets a program be, the floor under any delay a media workload on it can"
                + " show: first a spinning thread per CPU records the gaps in its own clock (the CPU taken away),"
                + " then one thread sleeps to absolute deadlines and records how late it wakes.",
            "Run it with nothing else busy. Prints the phases to stderr and one JSON line to stdout."})
public final class HostJitterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--spin", paramLabel = "D", defaultValue = "10s", converter = Converters.TimeSpan.class,
            description = "How long the spinning threads record gaps (default: ${DEFAULT-VALUE}).")
    private Duration spin;

    @Option(names = "--cpus", paramLabel = "N", description = "Spinning threads (default: one per CPU).")
    private Integer cpus;

    @Option(names = "--gap-threshold-micros", paramLabel = "US", defaultValue = "100",
            description = "Shortest gap counted, at most 1000 (gaps over 1 ms are always counted apart;"
                    + " default: ${DEFAULT-VALUE}).")
    private long gapThresholdMicros;

    @Option(names = "--sleep", paramLabel = "D", defaultValue = "10s", converter = Converters.TimeSpan.class,
            description = "How long the sleeping thread runs (default: ${DEFAULT-VALUE}).")
    private Duration sleep;

    @Option(names = "--sleep-micros", paramLabel = "US", defaultValue = "200",
            description = "Time between the sleeping thread's deadlines (default: ${DEFAULT-VALUE}).")
    private long sleepMicros;

    @Option(names = "--rt-priority", paramLabel = "N", defaultValue = "0",
            description = "Run the sleeping thread at SCHED_FIFO priority N, as cyclictest does; 0 keeps the normal"
                    + " priority (default: ${DEFAULT-VALUE}).")
    private int realTimePriority;

    @Option(names = "--summary", paramLabel = "FILE.json", description = "Where to write the JSON as well.")
    private Path summary;

    @Override
    public Integer call() throws Exception {
        int availableCpus = Runtime.getRuntime().availableProcessors();
        int spinningThreads = cpus == null ? availableCpus : cpus;
        new Checks(spec)
                .range("--spin", spin, Duration.ZERO, Duration.ofHours(1))
                .range("--cpus", spinningThreads, 1, 4096)
                .range("--gap-threshold-micros", gapThresholdMicros, 1, GapRecorder.LONG_GAP_NANOS / 1000)
                .range("--sleep", sleep, Duration.ZERO, Duration.ofHours(1))
                .range("--sleep-micros", sleepMicros, 1, 1_000_000)
                .range("--rt-priority", realTimePriority, 0, RealTimeThreads.MAX_PRIORITY)
                .writableFile("--summary", summary);
        HostJitter.Report report = new HostJitter(new HostJitter.Options(spinningThreads, spin, gapThresholdMicros,
                sleep, sleepMicros, realTimePriority), System.err).measure();
        if (summary != null) {
            JsonFiles.writeAtomically(summary, report);
        }
        System.out.println(JsonFiles.toLine(report));
        return 0;
    }
}
