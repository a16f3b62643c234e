package org.telvirt.workloads.rtp;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.net.RealTimeThreads;
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
            description = "Where to write per-stream sent/received/lost/duplicates/reordered/jitter/loss bursts.")
    private Path perStreamCsv;

    @Option(names = "--sockets", paramLabel = "S", defaultValue = "" + RtpClient.DEFAULT_SOCKETS,
            description = "Client sockets the streams are spread over, at most one per stream (default: ${DEFAULT-VALUE}).")
    private int sockets;

    @Option(names = "--receive-threads", paramLabel = "R", defaultValue = "0",
            description = "Threads that only read the sockets; 0: the sending thread reads them too, between"
                    + " sends (default: ${DEFAULT-VALUE}).")
    private int receiveThreads;

    @Option(names = "--spin-micros", paramLabel = "US", defaultValue = "" + RtpClient.DEFAULT_SPIN_NANOS / 1000,
            description = "Spin this long before each packet is due instead of sleeping (default: ${DEFAULT-VALUE});"
                    + " 0 never spins and needs --receive-threads of at least 1: for a client that shares its CPUs"
                    + " with the host it measures.")
    private long spinMicros;

    @Option(names = "--rt-priority", paramLabel = "N", defaultValue = "0",
            description = "Run the sender and receive threads (only those: not the JVM's compiler and GC threads) at"
                    + " SCHED_FIFO priority N, as if the client had a machine of its own; 0 keeps the normal priority.")
    private int realTimePriority;

    @Option(names = "--socket-buffer", paramLabel = "BYTES", defaultValue = "" + SocketBuffers.DEFAULT_BYTES,
            description = "SO_RCVBUF and SO_SNDBUF to ask for (default: ${DEFAULT-VALUE}).")
    private int socketBufferBytes;

    @Option(names = "--start-at", paramLabel = "EPOCH_MS",
            description = "Wall-clock time of the first send, in milliseconds since the Unix epoch, so clients on"
                    + " several hosts start on one schedule; it must still be ahead once the sockets are open"
                    + " (default: right away).")
    private Long startAtEpochMillis;

    @Option(names = "--not-before", paramLabel = "EPOCH_MS",
            description = "Wall-clock time before which the first send does not happen, in milliseconds since the Unix"
                    + " epoch; a client ready later starts at once (unlike --start-at).")
    private Long notBeforeEpochMillis;

    /** The run in one human line, for the end of the progress output. */
    static String describe(RunSummary result) {
        return String.format(Locale.ROOT, "rtp-client: %d streams, %.0f s: sent %d, received %d, lost %d (%.3f %%),"
                        + " duplicates %d, reordered %d, malformed %d; delay p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
                        + " max %.3f ms; jitter mean %.1f us; sender lateness p50 %d us, p99 %d us, max %d us",
                result.streams(), result.durationSeconds(), result.packetsSent(), result.packetsReceived(),
                result.packetsLost(), result.lossPercent(), result.duplicates(), result.reordered(),
                result.malformedReceived(), result.delayMicros().p50() / 1000.0, result.delayMicros().p99() / 1000.0,
                result.delayMicros().p999() / 1000.0, result.delayMicros().max() / 1000.0, result.jitterMicros().mean(),
                result.sendLatenessMicros().p50(), result.sendLatenessMicros().p99(), result.sendLatenessMicros().max());
    }

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--streams", streams, 1, 100_000)
                .range("--duration", duration, Duration.ofMillis(100), Duration.ofDays(7))
                .range("--warmup", warmup, Duration.ZERO, Duration.ofHours(1))
                .range("--drain", drain, Duration.ZERO, Duration.ofMinutes(10))
                .range("--sockets", sockets, 1, 256)
                .range("--receive-threads", receiveThreads, 0, sockets)
                .range("--socket-buffer", socketBufferBytes, 4096, 1 << 30)
                .range("--spin-micros", spinMicros, 0, 20_000)
                .range("--rt-priority", realTimePriority, 0, RealTimeThreads.MAX_PRIORITY)
                .require(spinMicros > 0 || receiveThreads > 0, "--spin-micros 0 needs --receive-threads of at least 1")
                .require(server.getPort() != 0, "--server needs a port other than 0, got " + server)
                .require(startAtEpochMillis == null || notBeforeEpochMillis == null,
                        "--start-at and --not-before exclude each other")
                .writableFile("--summary", summary)
                .writableFile("--histogram-log", histogramLog)
                .writableFile("--per-stream-csv", perStreamCsv);
        RtpClient client = new RtpClient(new RtpClient.Options(server, streams, duration, warmup, drain, bind, sockets,
                receiveThreads, socketBufferBytes, spinMicros * 1000, realTimePriority), System.err);
        Long firstSend = startAtEpochMillis != null ? startAtEpochMillis : notBeforeEpochMillis;
        RunSummary result = client.run(histogramLog, firstSend == null ? null : Instant.ofEpochMilli(firstSend),
                notBeforeEpochMillis != null);
        System.err.println(describe(result));
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
