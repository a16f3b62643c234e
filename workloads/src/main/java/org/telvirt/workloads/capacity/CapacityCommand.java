package org.telvirt.workloads.capacity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.launch.ChildProgram;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {
            "Starts a media server (a child process) and searches, with rtp-client runs on loopback, the largest"
                + " stream count that still meets the SLO.",
            "Prints each search step, then one JSON line {\"maxStreams\":..,\"p99Micros\":..,\"lossPercent\":..}."})
public final class CapacityCommand implements Callable<Integer> {
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--max-loss-percent", paramLabel = "L", defaultValue = "0",
            description = "Highest loss that meets the SLO (default: ${DEFAULT-VALUE}).")
    private double maxLossPercent;

    @Option(names = "--max-p99-millis", paramLabel = "MS", defaultValue = "2",
            description = "Highest p99 round-trip delay that meets the SLO (default: ${DEFAULT-VALUE}).")
    private double maxP99Millis;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", converter = Converters.TimeSpan.class,
            description = "Measured time of each step (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "2s", converter = Converters.TimeSpan.class,
            description = "Warm-up of each step (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--work-micros", paramLabel = "U", defaultValue = "0",
            description = "The media server's work per packet (default: ${DEFAULT-VALUE}).")
    private double workMicros;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "The media server's worker threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--start-streams", paramLabel = "N", defaultValue = "400",
            description = "First stream count tried (default: ${DEFAULT-VALUE}).")
    private int startStreams;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "20000",
            description = "Largest stream count tried (default: ${DEFAULT-VALUE}).")
    private int maxStreams;

    @Option(names = "--resolution-percent", paramLabel = "P", defaultValue = "5",
            description = "Stop when the last pass and the first failure are this close (default: ${DEFAULT-VALUE}).")
    private double resolutionPercent;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
            description = "Run each step until N + 1 of its runs agree (at most 2 x N + 1 runs); it meets the SLO when"
                    + " most of them do (default: ${DEFAULT-VALUE}).")
    private int retries;

    @Option(names = "--sockets", paramLabel = "S", defaultValue = "" + RtpClient.DEFAULT_SOCKETS,
            description = "Client sockets (default: ${DEFAULT-VALUE}).")
    private int sockets;

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--max-loss-percent", maxLossPercent, 0, 100)
                .range("--max-p99-millis", maxP99Millis, 0.001, 3_600_000)
                .range("--duration", duration, Duration.ofMillis(500), Duration.ofHours(1))
                .range("--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10))
                .range("--work-micros", workMicros, 0, 1_000_000)
                .range("--threads", threads, 1, 256)
                .range("--max-streams", maxStreams, 1, 100_000)
                .range("--start-streams", startStreams, 1, maxStreams)
                .range("--resolution-percent", resolutionPercent, 0.1, 50)
                .range("--retries", retries, 0, 10)
                .range("--sockets", sockets, 1, 256);
        PrintStream out = System.out;
        CapacitySearch.Slo slo = new CapacitySearch.Slo(maxLossPercent, Math.round(maxP99Millis * 1000));
        // the media server is a sibling subcommand: started through the entry point that runs this one
        Class<?> entryPoint = spec.root().userObject().getClass();
        try (ChildProgram server = ChildProgram.start(entryPoint, "media-server", List.of("--bind", "127.0.0.1:0",
                "--threads", Integer.toString(threads), "--work-micros", Double.toString(workMicros)), System.err)) {
            InetSocketAddress address = server.awaitListening(SERVER_START_TIMEOUT);
            out.printf(Locale.ROOT, "capacity: SLO loss <= %.3f %%, p99 <= %.3f ms; media server %s, %d threads,"
                    + " work %.1f us; %s per step after %s warm-up%n", maxLossPercent, maxP99Millis, address, threads,
                    workMicros, Converters.formatDuration(duration), Converters.formatDuration(warmup));
            CapacitySearch.Result<RunSummary> result = new CapacitySearch<RunSummary>(slo, startStreams, maxStreams,
                    resolutionPercent, retries).search(streams -> {
                        out.printf(Locale.ROOT, "capacity: step with %d streams ...%n", streams);
                        return new RtpClient(new RtpClient.Options(address, streams, duration, warmup,
                                Duration.ofSeconds(1), null, sockets, 0, SocketBuffers.DEFAULT_BYTES), null).run(null);
                    }, step -> printStep(out, step));
            server.stop();
            out.println(JsonFiles.toLine(Answer.of(result)));
        }
        return 0;
    }

    /** The JSON line: the most streams meeting the SLO and the figures of the run that shows it. */
    @JsonPropertyOrder({"maxStreams", "p99Micros", "lossPercent"})
    record Answer(int maxStreams, long p99Micros, double lossPercent) {
        static Answer of(CapacitySearch.Result<RunSummary> result) {
            RunSummary reported = result.reported();
            return new Answer(result.maxStreams(), reported.delayMicros().p99(), reported.lossPercent());
        }
    }

    private static void printStep(PrintStream out, CapacitySearch.Step<RunSummary> step) {
        RunSummary summary = step.run();
        out.printf(Locale.ROOT, "capacity: step %d: %d streams: loss %.3f %%, delay p50 %.3f ms, p99 %.3f ms,"
                        + " sender lateness p99 %.3f ms: %s%n", step.number(), step.streams(), summary.lossPercent(),
                summary.delayMicros().p50() / 1000.0, summary.delayMicros().p99() / 1000.0,
                summary.sendLatenessMicros().p99() / 1000.0, step.meetsSlo() ? "meets the SLO" : "misses the SLO");
    }
}
