package org.telvirt.workloads.media;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.cli.ExitReport;
import org.telvirt.workloads.cli.HostPort;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.work.MediaWork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "media-server", mixinStandardHelpOptions = true,
        description = {
            "The media server: receives RTP packets, does per-packet media work (G.711 decode and DTMF Goertzel"
                + " detection, repeated to about --work-micros of CPU) and returns each packet to its sender.",
            "Runs until SIGTERM/SIGINT, then prints its counters as one JSON line on stdout."})
public final class MediaServerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bind", required = true, paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Address to listen on (port 0: any free port, printed at start).")
    private InetSocketAddress bind;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Worker threads, one per vCPU of the Media VM (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--work-micros", paramLabel = "U", defaultValue = "0",
            description = "CPU time of media work per packet, in microseconds (default: ${DEFAULT-VALUE}).")
    private double workMicros;

    @Option(names = "--guest-work-micros", paramLabel = "U", defaultValue = "0",
            description = "CPU time per packet of the guest's own packet path (a Xen guest's netfront and kernel, which"
                    + " loopback does not cost), in microseconds, on top of --work-micros (default: ${DEFAULT-VALUE}).")
    private double guestWorkMicros;

    @Option(names = "--socket-buffer", paramLabel = "BYTES", defaultValue = "" + SocketBuffers.DEFAULT_BYTES,
            description = "SO_RCVBUF and SO_SNDBUF to ask for (default: ${DEFAULT-VALUE}).")
    private int socketBufferBytes;

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--threads", threads, 1, 256)
                .range("--work-micros", workMicros, 0, 1_000_000)
                .range("--guest-work-micros", guestWorkMicros, 0, 1_000_000)
                .range("--socket-buffer", socketBufferBytes, 4096, 1 << 30);
        MediaWork work = MediaWork.calibrate(workMicros + guestWorkMicros);
        new SocketBuffers(socketBufferBytes, System.err).warnIfCapped();
        MediaServer server = new MediaServer(bind, threads, work, socketBufferBytes).start();
        ExitReport exitReport = ExitReport.install(server, server::stats, System.out);
        System.err.printf(Locale.ROOT, "media-server listening on %s, %d worker threads, transport %s, work %.1f us"
                        + " + guest %.1f us per packet = %d passes of G.711 decode + DTMF detection at %.2f us%n",
                HostPort.format(server.localAddress()), threads, server.transportName(),
                workMicros, guestWorkMicros, work.passes(), work.passMicros());
        exitReport.await();
        return 0;
    }
}
