package org.telvirt.workloads.signaling;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.io.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "signaling-client", mixinStandardHelpOptions = true,
        description = {
            "Places calls against the signaling server at a constant rate, nine messages per call"
                + " (INVITE/100/180/200/ACK, UPDATE/200 half-way, BYE/200 after the hold time).",
            "Prints progress once a second to stderr and, at the end, the calls attempted/completed/failed and"
                + " setup-time percentiles as one JSON line on stdout.",
            "A line 'stop' on stdin ends the calls early: no new call, the calls still up hung up, then the drain."})
public final class SignalingClientCommand implements Callable<Integer> {
    /** A line on stdin that ends the calls before the duration does. */
    public static final String STOP_COMMAND = "stop";

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Signaling server (or relay) to call.")
    private InetSocketAddress server;

    @Option(names = "--calls-per-second", required = true, paramLabel = "R", description = "New calls per second.")
    private double callsPerSecond;

    @Option(names = "--hold", paramLabel = "T", defaultValue = "60s", converter = Converters.TimeSpan.class,
            description = "How long each call stays up (default: ${DEFAULT-VALUE}).")
    private Duration hold;

    @Option(names = "--duration", required = true, paramLabel = "D", converter = Converters.TimeSpan.class,
            description = "How long new calls are started; calls still up then are hung up.")
    private Duration duration;

    @Option(names = "--drain", paramLabel = "T", defaultValue = "5s", converter = Converters.TimeSpan.class,
            description = "How long to wait for the last calls to finish (default: ${DEFAULT-VALUE}).")
    private Duration drain;

    @Option(names = "--summary", paramLabel = "FILE.json", description = "Where to write the result (JSON).")
    private Path summary;

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--calls-per-second", callsPerSecond, 0.01, 100_000)
                .range("--hold", hold, Duration.ZERO, Duration.ofDays(1))
                .range("--duration", duration, Duration.ofMillis(100), Duration.ofDays(7))
                .range("--drain", drain, Duration.ZERO, Duration.ofMinutes(10))
                .require(server.getPort() != 0, "--server needs a port other than 0, got " + server)
                .writableFile("--summary", summary);
        SignalingClient client = new SignalingClient(new SignalingClient.Options(server, callsPerSecond, hold, duration,
                drain));
        Thread stops = new Thread(() -> awaitStop(client), "signaling-client-stop");
        stops.setDaemon(true);
        stops.start();
        SignalingClient.Summary result = client.run(System.err);
        System.err.printf(Locale.ROOT, "signaling-client: calls attempted %d, completed %d, failed %d;"
                        + " setup p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", result.callsAttempted(),
                result.callsCompleted(), result.callsFailed(), result.setupMillis().p50(), result.setupMillis().p99(),
                result.setupMillis().max());
        if (summary != null) {
            JsonFiles.writeAtomically(summary, result);
        }
        System.out.println(JsonFiles.toLine(result));
        return 0;
    }

    /** Ends the calls early when a line {@value #STOP_COMMAND} arrives on stdin: the measurement they load is over. */
    private static void awaitStop(SignalingClient client) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (STOP_COMMAND.equals(line.trim())) {
                    client.endCallsNow();
                    return;
                }
            }
        } catch (IOException gone) {
            // stdin closed: the calls run their duration
        }
    }
}
