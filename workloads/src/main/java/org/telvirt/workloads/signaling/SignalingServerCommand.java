package org.telvirt.workloads.signaling;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.cli.ExitReport;
import org.telvirt.workloads.cli.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "signaling-server", mixinStandardHelpOptions = true,
        description = {
            "The signaling server: answers SIP-like call setup and teardown over UDP, spends --work-micros of CPU"
                + " per new call and appends an fsync'd record per finished call to DIR/" + SignalingServer.CALL_LOG_FILE
                + ".",
            "Runs until SIGTERM/SIGINT, then prints its counters as one JSON line on stdout."})
public final class SignalingServerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bind", required = true, paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Address to listen on (port 0: any free port, printed at start).")
    private InetSocketAddress bind;

    @Option(names = "--work-micros", paramLabel = "U", defaultValue = "0",
            description = "CPU time per new call, in microseconds (default: ${DEFAULT-VALUE}).")
    private double workMicros;

    @Option(names = "--call-log", required = true, paramLabel = "DIR",
            description = "Directory of the call log; created if missing.")
    private Path callLogDirectory;

    @Override
    public Integer call() throws Exception {
        Checks checks = new Checks(spec).range("--work-micros", workMicros, 0, 10_000_000);
        try {
            Files.createDirectories(callLogDirectory);
        } catch (java.io.IOException e) {
            throw checks.fail("--call-log: cannot create directory " + callLogDirectory + " (" + e + ")");
        }
        checks.require(Files.isWritable(callLogDirectory), "--call-log: " + callLogDirectory + " is not writable");
        SignalingServer server = new SignalingServer(bind, workMicros, callLogDirectory, System.err).start();
        ExitReport exitReport = ExitReport.install(server, server::stats, System.out);
        System.err.printf(Locale.ROOT, "signaling-server listening on %s, work %.0f us per call (%d SHA-256 passes),"
                + " call log %s%n", HostPort.format(server.localAddress()), workMicros, server.digestPasses(),
                server.callLog());
        exitReport.await();
        return 0;
    }
}
