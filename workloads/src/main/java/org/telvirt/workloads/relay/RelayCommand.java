package org.telvirt.workloads.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.telvirt.workloads.work.ChecksumWork;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.cli.ExitReport;
import org.telvirt.workloads.cli.HostPort;
import org.telvirt.workloads.io.JsonFiles;
import org.telvirt.workloads.net.SocketBuffers;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {
            "The Dom0 netback analogue: forwards UDP for each --route from its listen address to its upstream and"
                + " returns replies to the right client, NAT-style, so the servers see the relay as their peer.",
            "Runs until SIGTERM/SIGINT, then prints its counters as one JSON line on stdout.",
            "A line '" + RelayCommand.WINDOW_COMMAND + "' on stdin closes every client flow and prints, as one JSON line,"
                + " the counters since the last such line (or the start): one measured window's."})
public final class RelayCommand implements Callable<Integer> {
    /** What a caller writes on the relay's stdin to end a measured window and get its counters. */
    public static final String WINDOW_COMMAND = "window";

    @Spec
    private CommandSpec spec;

    @Option(names = "--route", required = true, paramLabel = "LISTEN_HOST:PORT=UPSTREAM_HOST:PORT",
            converter = RouteConverter.class, description = "A forwarding rule; repeat for several routes.")
    private List<Route> routes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--coalesce-micros", paramLabel = "U",
            description = "Hold packets from clients until U us have passed since the first held one ...")
    private Integer coalesceMicros;

    @Option(names = "--coalesce-frames", paramLabel = "N",
            description = "... or N packets are held, whichever comes first (e.g. 40 and 3).")
    private Integer coalesceFrames;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "4096",
            description = "Most client flows kept at once (default: ${DEFAULT-VALUE}).")
    private int maxFlows;

    @Option(names = "--flow-idle-timeout", paramLabel = "T", defaultValue = "60s", converter = Converters.TimeSpan.class,
            description = "A flow without packets for this long is closed (default: ${DEFAULT-VALUE}).")
    private Duration flowIdleTimeout;

    @Option(names = "--socket-buffer", paramLabel = "BYTES", defaultValue = "" + SocketBuffers.DEFAULT_BYTES,
            description = "SO_RCVBUF and SO_SNDBUF to ask for (default: ${DEFAULT-VALUE}).")
    private int socketBufferBytes;

    @Option(names = "--work-micros", paramLabel = "U", defaultValue = "0",
            description = "CPU time per forwarded packet, in microseconds, standing for netback's per-packet cost"
                    + " (default: ${DEFAULT-VALUE}).")
    private double workMicros;

    @Override
    public Integer call() throws Exception {
        Checks checks = new Checks(spec)
                .range("--threads", threads, 1, 64)
                .range("--max-flows", maxFlows, threads, 1_000_000)
                .range("--flow-idle-timeout", flowIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(1))
                .range("--socket-buffer", socketBufferBytes, 4096, 1 << 30)
                .range("--work-micros", workMicros, 0, 1_000_000)
                .require((coalesceMicros == null) == (coalesceFrames == null),
                        "--coalesce-micros and --coalesce-frames go together, got only "
                                + (coalesceMicros == null ? "--coalesce-frames" : "--coalesce-micros"));
        Relay.Coalescing coalescing = Relay.Coalescing.NONE;
        if (coalesceMicros != null) {
            checks.range("--coalesce-micros", coalesceMicros, 1, 1_000_000)
                    .range("--coalesce-frames", coalesceFrames, 1, 1024);
            coalescing = new Relay.Coalescing(coalesceMicros * 1000L, coalesceFrames);
        }
        ChecksumWork work = ChecksumWork.calibrate(workMicros);
        Relay relay = new Relay(routes, threads, coalescing, socketBufferBytes, maxFlows, flowIdleTimeout.toNanos(),
                System.err).withPerPacketWork(work).start();
        ExitReport exitReport = ExitReport.install(relay, relay::stats, System.out);
        List<String> bound = relay.listenAddresses().stream().map(HostPort::format).collect(Collectors.toList());
        System.err.printf(Locale.ROOT, "relay listening on %s, routes %s, %d thread(s), coalescing %s, work %.1f us"
                        + " per packet = %d passes of a checksum at %.2f us%n",
                String.join(" ", bound), routes, threads,
                coalescing.enabled() ? coalesceMicros + " us or " + coalesceFrames + " frames" : "off",
                workMicros, work.passes(), work.passMicros());
        Thread windows = new Thread(() -> answerWindowRequests(relay), "relay-windows");
        windows.setDaemon(true);
        windows.start();
        exitReport.await();
        return 0;
    }

    /**
     * Serves the relay's owner, which keeps it running across measured windows: each window's counters are its own,
     * and no finished client's flow outlives its window. Ends with stdin (a relay run by hand from a terminal
     * without it is unaffected).
     */
    private static void answerWindowRequests(Relay relay) {
        try (BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String request = requests.readLine(); request != null; request = requests.readLine()) {
                if (WINDOW_COMMAND.equals(request.trim())) {
                    System.out.println(JsonFiles.toLine(relay.closeWindow()));
                    System.out.flush();
                } else if (!request.isBlank()) {
                    System.err.println("relay: unknown request '" + request.trim() + "' on stdin (only '"
                            + WINDOW_COMMAND + "')");
                }
            }
        } catch (IOException gone) {
            // stdin closed under us: nobody is left to ask for windows
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static final class RouteConverter implements ITypeConverter<Route> {
        @Override
        public Route convert(String value) {
            try {
                return Route.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
