package org.telvirt.host;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code rtp-client} sends: where, how many streams, for how long, from when; the same
 * for a lone local client and for each generator's slice of a run.
 *
 * @param startAt the common first send of several generators, or null for "as soon as it is ready"
 * @param options extra options (socket threads, spinning) for the machine it runs on
 */
public record RtpClientRun(InetSocketAddress server, int streams, int seconds, int warmupSeconds, Instant startAt,
                           List<String> options) {

    public RtpClientRun {
        options = List.copyOf(options);
    }

    /** The same run with another stream count, start and options: one generator's part of it. */
    public RtpClientRun slice(int sliceStreams, Instant sliceStartAt, List<String> sliceOptions) {
        return new RtpClientRun(server, sliceStreams, seconds, warmupSeconds, sliceStartAt, sliceOptions);
    }

    /** How long the client may take from now: its warm-up and measured seconds, the wait for the start, and {@code slack}. */
    public Duration timeLimit(Duration slack) {
        Duration untilStart = startAt == null ? Duration.ZERO : Duration.between(Instant.now(), startAt);
        return Duration.ofSeconds(warmupSeconds + seconds).plus(slack).plus(untilStart.isNegative() ? Duration.ZERO
                : untilStart);
    }

    public List<String> arguments(String summaryFile, String histogramLog, String perStreamCsv) {
        List<String> arguments = new ArrayList<>(List.of("--server", WorkloadStack.hostPort(server),
                "--streams", Integer.toString(streams), "--duration", seconds + "s",
                "--warmup", warmupSeconds + "s", "--summary", summaryFile, "--histogram-log", histogramLog,
                "--per-stream-csv", perStreamCsv));
        if (startAt != null) {
            arguments.addAll(List.of("--start-at", Long.toString(startAt.toEpochMilli())));
        }
        arguments.addAll(options);
        return arguments;
    }
}
