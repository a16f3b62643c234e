package org.telvirt.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.workloads.cli.HostPort;
import org.telvirt.workloads.launch.ChildProgram;
import org.telvirt.workloads.rtp.IntervalLog;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;

/** The real programs, each in its own JVM, on loopback: media server and client, then with the relay between them. */
@Timeout(120)
class LoopbackTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STREAMS = 50;
    private static final int SECONDS = 3;
    /** Every stream sends 50 packets per measured second; the warm-up is not counted. */
    private static final long MEASURED_PACKETS = STREAMS * 50L * SECONDS;
    /** Warm-up included: what actually crosses the server and the relay. */
    private static final long ALL_PACKETS = STREAMS * 50L * (SECONDS + 1);

    @TempDir
    Path directory;

    @Test
    void fiftyStreamsForThreeSecondsLoseNothingAndTheFilesAgree() throws Exception {
        try (ChildProgram server = mediaServer()) {
            InetSocketAddress address = server.awaitListening(START_TIMEOUT);

            RunSummary summary = runClient(address);

            assertThat(summary.streams()).isEqualTo(STREAMS);
            assertThat(summary.durationSeconds()).isEqualTo(SECONDS);
            assertThat(summary.packetsSent()).isEqualTo(MEASURED_PACKETS);
            assertThat(summary.packetsReceived()).isEqualTo(MEASURED_PACKETS);
            assertThat(summary.packetsLost()).isZero();
            assertThat(summary.lossPercent()).isZero();
            assertThat(summary.duplicates()).isZero();
            assertThat(summary.malformedReceived()).isZero();
            assertThat(summary.delayMicros().min()).isPositive();
            assertThat(summary.delayMicros().p50()).isLessThanOrEqualTo(summary.delayMicros().p99());

            assertThat(summary.seconds()).as("each measured second by intended send time")
                    .containsExactly(new RunSummary.Second(STREAMS * 50L, 0), new RunSummary.Second(STREAMS * 50L, 0),
                            new RunSummary.Second(STREAMS * 50L, 0));
            List<Histogram> intervals = IntervalLog.read(directory.resolve("run.hlog")).delayMicros();
            assertThat(intervals).as("a delay interval per measured second, then the drain's")
                    .hasSizeGreaterThanOrEqualTo(SECONDS);
            assertThat(intervals.subList(0, SECONDS)).as("the first interval is the first measured second, no sliver"
                    + " of the warm-up's end").allSatisfy(second -> assertThat(second.getTotalCount())
                    .isGreaterThan(STREAMS * 50L / 4));

            RunHistograms logged = RunHistograms.read(directory.resolve("run.hlog"));
            assertThat(logged.delayMicros().getTotalCount()).isEqualTo(MEASURED_PACKETS);
            assertThat(logged.sendLatenessMicros().getTotalCount()).isEqualTo(MEASURED_PACKETS);
            assertThat(RunSummary.DelayMicros.of(logged.delayMicros())).isEqualTo(summary.delayMicros());
            assertThat(RunSummary.SendLatenessMicros.of(logged.sendLatenessMicros()))
                    .isEqualTo(summary.sendLatenessMicros());

            Path processed = directory.resolve("processed");
            new HistogramLogProcessor(new String[] {"-i", directory.resolve("run.hlog").toString(),
                "-o", processed.toString(), "-outputValueUnitRatio", "1000"}).run();
            assertThat(Files.readString(directory.resolve("processed.hgrm")))
                    .as("HdrHistogram's own log processor reads the delay intervals")
                    .containsPattern("Total count += +" + MEASURED_PACKETS + "]");

            List<StreamResult> streams = StreamResult.readCsv(directory.resolve("streams.csv"));
            assertThat(streams).hasSize(STREAMS).allSatisfy(stream -> {
                assertThat(stream.sent()).isEqualTo(150);
                assertThat(stream.lossBursts()).isZero();
            });

            JsonNode counters = new ObjectMapper().readTree(server.stop());
            assertThat(counters.get("packetsReceived").asLong()).isEqualTo(ALL_PACKETS);
            assertThat(counters.get("packetsReplied").asLong()).isEqualTo(ALL_PACKETS);
            assertThat(counters.get("malformedReceived").asLong()).isZero();
        }
    }

    @Test
    void throughTheRelayTheServerSeesOnlyTheRelayAndNothingIsLost() throws Exception {
        try (ChildProgram server = mediaServer()) {
            InetSocketAddress serverAddress = server.awaitListening(START_TIMEOUT);
            try (ChildProgram relay = ChildProgram.start(Telvirt.class, "relay",
                    List.of("--route", "127.0.0.1:0=" + HostPort.format(serverAddress)), null)) {
                InetSocketAddress relayAddress = relay.awaitListening(START_TIMEOUT);

                RunSummary summary = runClient(relayAddress);

                assertThat(summary.packetsSent()).isEqualTo(MEASURED_PACKETS);
                assertThat(summary.packetsLost()).isZero();
                assertThat(summary.malformedReceived()).isZero();
                String relayLine = relay.stop();
                String serverLine = server.stop();
                JsonNode relayCounters = new ObjectMapper().readTree(relayLine);
                JsonNode serverCounters = new ObjectMapper().readTree(serverLine);
                String counters = "relay " + relayLine + ", media server " + serverLine;
                long flows = Math.min(RtpClient.DEFAULT_SOCKETS, STREAMS);
                long serverReceived = serverCounters.get("packetsReceived").asLong();
                assertThat(relayCounters.get("flows").asLong()).as("one flow per client socket: " + counters)
                        .isEqualTo(flows);
                assertThat(relayCounters.get("dropped").asLong()).as(counters).isZero();
                long replied = serverCounters.get("packetsReplied").asLong();
                assertThat(relayCounters.get("forwarded").asLong()).as("both directions: " + counters)
                        .isEqualTo(serverReceived + replied);
                assertThat(serverReceived).as("at most one warm-up packet per flow lost as its socket connects "
                        + "(see Relay): " + counters).isBetween(ALL_PACKETS - flows, ALL_PACKETS);
            }
        }
    }

    private static ChildProgram mediaServer() throws Exception {
        return ChildProgram.start(Telvirt.class, "media-server",
                List.of("--bind", "127.0.0.1:0", "--threads", "2", "--work-micros", "10"), null);
    }

    private RunSummary runClient(InetSocketAddress server) throws Exception {
        Path summaryFile = directory.resolve("summary.json");
        try (ChildProgram client = ChildProgram.start(Telvirt.class, "rtp-client",
                List.of("--server", HostPort.format(server), "--streams", Integer.toString(STREAMS),
                "--duration", SECONDS + "s", "--warmup", "1s",
                "--summary", summaryFile.toString(), "--histogram-log", directory.resolve("run.hlog").toString(),
                "--per-stream-csv", directory.resolve("streams.csv").toString()), null)) {
            assertThat(client.awaitExit(Duration.ofSeconds(60))).as(String.join("\n", client.stderr())).isZero();
            assertThat(client.stderr()).as("a progress line per second")
                    .filteredOn(line -> line.matches("rtp-client +\\d+ s .*loss so far.*")).hasSizeGreaterThanOrEqualTo(4);
            RunSummary summary = RunSummary.read(summaryFile);
            assertThat(client.stdout()).last().isEqualTo(summary.toJson());
            return summary;
        }
    }
}
