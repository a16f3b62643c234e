package org.telvirt.workloads.rtp;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.net.SocketBuffers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rtp-client", mixinStandardHelpOptions = true,
        description = {
            "Sends N RTP streams (172-byte datagrams, 50 pps each, phased evenly over 20 ms) to a media server,"
                + " receives them back and measures round-trip delay from each packet's intended send time,"
                + " loss, duplicates, reordering, RFC 3550 jitter and the sender's own lateness.",
            "Prints one progress line per second to stderr and the summary as one JSON line to stdout."})
public final class RtpClientCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", converter = Converters.Address.class,
            description = "Media server (or relay) to send to.")
    private InetSocketAddress server;

    @Option(names = "--streams", required = true, paramLabel = "N", description = "Number of RTP streams.")
    private int streams;

    @Option(names = "--duration", required = true, paramLabel = "D", converter = Converters.TimeSpan.class,
            description = "Measured time after the warm-up, e.g. 20s.")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "2s", converter = Converters.TimeSpan.class,
            description = "Time sent but excluded from every figure (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--drain", paramLabel = "T", defaultValue = "1s", converter = Converters.TimeSpan.class,
            description = "How long to wait for late packets after the last send before counting the rest as lost"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration drain;

    @Option(names = "--bind", paramLabel = "HOST[:PORT]", converter = Converters.AddressWithOptionalPort.class,
            description = "Local address of the client sockets; with a PORT, the sockets take consecutive ports from it.")
    private InetSocketAddress bind;

    @Option(names = "--summary", paramLabel = "FILE.json", description = "Where to write the run summary (JSON).")
    private Path summary;

    @Option(names = "--histogram-log", paramLabel = "FILE.hlog",
            description = "Where to write the HdrHistogram log: delay intervals untagged, sender lateness tagged "
                    + RunHistograms.SEND_LATENESS_TAG + ".")
    private Path histogramLog;

    @Option(names = "--per-stream-csv", paramLabel = "FILE.csv",
            description = "Where to write per-stream sent/received/lost/duplicates/reordered/jitter.")
    private Path perStreamCsv;

    @Option(names = "--sockets", paramLabel = "S", defaultValue = "4",
            description = "Client sockets the streams are spread over (default: ${DEFAULT-VALUE}).")
    private int sockets;

    @Option(names = "--receive-threads", paramLabel = "R", defaultValue = "1",
            description = "Threads reading the sockets (default: ${DEFAULT-VALUE}).")
    private int receiveThreads;

    @Option(names = "--socket-buffer", paramLabel = "BYTES", defaultValue = "" + SocketBuffers.DEFAULT_BYTES,
            description = "SO_RCVBUF and SO_SNDBUF to ask for (default: ${DEFAULT-VALUE}).")
    private int socketBufferBytes;

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--streams", streams, 1, 100_000)
                .range("--duration", duration, Duration.ofMillis(100), Duration.ofDays(7))
                .range("--warmup", warmup, Duration.ZERO, Duration.ofHours(1))
                .range("--drain", drain, Duration.ZERO, Duration.ofMinutes(10))
                .range("--sockets", sockets, 1, 256)
                .range("--receive-threads", receiveThreads, 1, sockets)
                .range("--socket-buffer", socketBufferBytes, 4096, 1 << 30)
                .require(server.getPort() != 0, "--server needs a port other than 0, got " + server)
                .writableFile("--summary", summary)
                .writableFile("--histogram-log", histogramLog)
                .writableFile("--per-stream-csv", perStreamCsv);
        RtpClient client = new RtpClient(new RtpClient.Options(server, streams, duration, warmup, drain, bind, sockets,
                receiveThreads, socketBufferBytes), System.err);
        RunSummary result = client.run(histogramLog);
        if (summary != null) {
            result.write(summary);
        }
        if (perStreamCsv != null) {
            client.writePerStreamCsv(perStreamCsv);
        }
        System.out.println(result.toJson());
        return 0;
    }
}
