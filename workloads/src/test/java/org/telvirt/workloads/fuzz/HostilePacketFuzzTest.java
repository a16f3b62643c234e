package org.telvirt.workloads.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.workloads.Telvirt;
import org.telvirt.workloads.cli.HostPort;
import org.telvirt.workloads.launch.ChildProgram;
import org.telvirt.workloads.relay.Relay;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * Hostile datagrams at the media server, the relay and the RTP client while 20 real streams cross
 * them (client, a man in the middle, relay, media server, each program in its own JVM): every
 * hostile datagram is counted and dropped where it lands, nothing crashes, and the streams'
 * figures stay exact; a flood far beyond capacity costs packets but never correctness.
 */
@Timeout(180)
class HostilePacketFuzzTest {
    private static final long SEED = 20_261_125L;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STREAMS = 20;
    private static final int SECONDS = 4;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    /** Datagrams of every hostile kind sent to each of the three programs. */
    private static final int PER_KIND = 8;
    private static final int REPLAYS = 40;
    private static final long FLOW_SETUP_MILLIS = 50;
    private static final Duration FLOOD = Duration.ofMillis(1500);

    @TempDir
    Path directory;

    @Test
    void everyHostileDatagramIsCountedAndDroppedAndTheStreamsStayExact() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        try (ChildProgram server = mediaServer();
             ChildProgram relay = relay(server.awaitListening(START_TIMEOUT));
             ManInTheMiddle wire = new ManInTheMiddle(relay.awaitListening(START_TIMEOUT));
             Fuzzer fuzzer = new Fuzzer(8);
             KernelDrops drops = watch(server, relay, wire)) {
            InetSocketAddress serverAddress = server.awaitListening(START_TIMEOUT);
            InetSocketAddress relayAddress = relay.awaitListening(START_TIMEOUT);
            ChildProgram client = rtpClient(wire.address(), "hostile", SECONDS);
            List<ManInTheMiddle.Echo> measured = awaitMeasuredEchoes(wire, client);
            List<ByteBuffer> reals = measured.stream().map(ManInTheMiddle.Echo::packet).toList();
            List<byte[]> atServer = HostileDatagrams.batch(random, reals, PER_KIND);
            List<byte[]> atRelay = HostileDatagrams.batch(random, reals, PER_KIND);
            List<byte[]> atClient = HostileDatagrams.batch(random, reals, PER_KIND);
            List<ManInTheMiddle.Echo> replays = new ArrayList<>();
            for (int i = 0; i < REPLAYS; i++) {
                replays.add(measured.get(random.nextInt(measured.size())));
            }

            boolean flowOpen = false;
            for (int i = 0; i < atServer.size(); i++) {
                fuzzer.send(atServer.get(i), serverAddress);
                fuzzer.send(atRelay.get(i), relayAddress);
                wire.toClient(measured.get(random.nextInt(measured.size())).client(), atClient.get(i));
                if (i < replays.size()) {
                    wire.toClient(replays.get(i).client(), replays.get(i).packet().array());
                }
                // the first datagram the relay forwards opens the fuzzer's flow, whose connect discards what the
                // new socket received meanwhile (Relay's documented caveat): the rest waits until the flow is up
                boolean opensTheFlow = !flowOpen && !droppedByTheRelay(atRelay.get(i));
                flowOpen |= opensTheFlow;
                Thread.sleep(opensTheFlow ? FLOW_SETUP_MILLIS : 1);
            }

            long kernelDrops = awaitExit(client, drops);
            RunSummary summary = RunSummary.read(directory.resolve("hostile.json"));
            JsonNode relayCounters = counters(relay);
            JsonNode serverCounters = counters(server);
            long droppedByTheRelay = atRelay.stream().filter(HostilePacketFuzzTest::droppedByTheRelay).count();
            long notFramesAtServer = atServer.stream().filter(datagram -> !HostileDatagrams.echoedByTheServer(datagram))
                    .count() + atRelay.stream().filter(datagram -> !droppedByTheRelay(datagram)
                    && !HostileDatagrams.echoedByTheServer(datagram)).count();
            System.out.printf("[reliability] fuzz: %d hostile datagrams of %d kinds at the media server, %d at the"
                            + " relay, %d (and %d replays) at the client; client counted %d malformed and %d duplicates,"
                            + " relay %d malformed, server %d malformed; streams: sent %d, received %d, lost %d;"
                            + " the kernel dropped %d datagrams on the path%n",
                    atServer.size(), HostileDatagrams.KINDS.size(), atRelay.size(), atClient.size(), replays.size(),
                    summary.malformedReceived(), summary.duplicates(), relayCounters.get("malformedReceived").asLong(),
                    serverCounters.get("malformedReceived").asLong(), summary.packetsSent(), summary.packetsReceived(),
                    summary.packetsLost(), kernelDrops);

            assertThat(summary.packetsSent()).isEqualTo(STREAMS * 50L * SECONDS);
            assertThat(summary.packetsReceived() + summary.packetsLost()).isEqualTo(summary.packetsSent());
            assertThat(RunHistograms.read(directory.resolve("hostile.hlog")).delayMicros().getTotalCount())
                    .as("delays recorded: one per real packet").isEqualTo(summary.packetsReceived());
            assertThat(serverCounters.get("packetsReceived").asLong()).isEqualTo(
                    serverCounters.get("packetsReplied").asLong() + serverCounters.get("malformedReceived").asLong());
            if (kernelDrops == 0) {
                assertThat(summary.packetsLost()).as("real packets lost").isZero();
                assertThat(summary.duplicates()).as("replays").isEqualTo(REPLAYS);
                assertThat(summary.malformedReceived()).as("hostile datagrams at the client").isEqualTo(atClient.size());
                assertThat(relayCounters.get("malformedReceived").asLong()).as("empty or over the MTU, at the relay")
                        .isEqualTo(droppedByTheRelay);
                assertThat(serverCounters.get("malformedReceived").asLong()).as("not a frame, at the server")
                        .isEqualTo(notFramesAtServer);
            } else {
                assertThat(summary.duplicates()).isLessThanOrEqualTo(REPLAYS);
                assertThat(summary.malformedReceived()).isLessThanOrEqualTo(atClient.size());
                assertThat(relayCounters.get("malformedReceived").asLong()).isLessThanOrEqualTo(droppedByTheRelay);
                assertThat(serverCounters.get("malformedReceived").asLong()).isLessThanOrEqualTo(notFramesAtServer);
            }
        }
    }

    @Test
    void aFloodBeyondCapacityCostsPacketsButNeverCorrectnessAndEverythingServesOnAfterwards() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        try (ChildProgram server = mediaServer();
             ChildProgram relay = relay(server.awaitListening(START_TIMEOUT), "--max-flows", "64",
                     "--flow-idle-timeout", "1s");
             ManInTheMiddle wire = new ManInTheMiddle(relay.awaitListening(START_TIMEOUT));
             Fuzzer atServer = new Fuzzer(1);
             Fuzzer atRelay = new Fuzzer(200);
             KernelDrops drops = watch(server, relay, wire)) {
            InetSocketAddress serverAddress = server.awaitListening(START_TIMEOUT);
            InetSocketAddress relayAddress = relay.awaitListening(START_TIMEOUT);
            ChildProgram flooded = rtpClient(wire.address(), "flooded", SECONDS);
            List<ManInTheMiddle.Echo> measured = awaitMeasuredEchoes(wire, flooded);
            List<ByteBuffer> reals = measured.stream().map(ManInTheMiddle.Echo::packet).toList();
            AtomicLong toClient = new AtomicLong();
            long deadline = System.nanoTime() + FLOOD.toNanos();
            List<Thread> floods = List.of(
                    flood(() -> atServer.send(junk(random.split(), reals), serverAddress), deadline),
                    flood(() -> atRelay.send(junk(random.split(), reals), relayAddress), deadline),
                    flood(() -> {
                        wire.toClient(measured.get(0).client(), junk(random.split(), reals));
                        toClient.incrementAndGet();
                    }, deadline));
            for (Thread flood : floods) {
                flood.join();
            }

            awaitExit(flooded, drops);
            RunSummary underFlood = RunSummary.read(directory.resolve("flooded.json"));
            assertThat(underFlood.packetsSent()).isEqualTo(STREAMS * 50L * SECONDS);
            assertThat(underFlood.packetsReceived() + underFlood.packetsLost()).isEqualTo(underFlood.packetsSent());
            assertThat(underFlood.duplicates()).isZero();
            assertThat(underFlood.malformedReceived()).isLessThanOrEqualTo(toClient.get());
            assertThat(RunHistograms.read(directory.resolve("flooded.hlog")).delayMicros().getTotalCount())
                    .isEqualTo(underFlood.packetsReceived());

            Thread.sleep(2_500);
            long dropsBefore = drops.total();
            ChildProgram after = rtpClient(wire.address(), "after", 2);
            long dropsAfter = awaitExit(after, drops) - dropsBefore;
            RunSummary clean = RunSummary.read(directory.resolve("after.json"));
            JsonNode relayCounters = counters(relay);
            JsonNode serverCounters = counters(server);
            System.out.printf("[reliability] flood for %d ms: %d datagrams at the media server, %d at the relay from"
                            + " %d sockets (flow limit 64), %d at the client; under the flood the client lost %.2f %%"
                            + " and counted %d malformed; afterwards %d of %d packets came back (kernel drops %d); relay %s;"
                    + " server %s%n",
                    FLOOD.toMillis(), atServer.sent(), atRelay.sent(), 200, toClient.get(), underFlood.lossPercent(),
                    underFlood.malformedReceived(), clean.packetsReceived(), clean.packetsSent(), dropsAfter, relayCounters,
                    serverCounters);

            assertThat(clean.packetsReceived() + clean.packetsLost()).isEqualTo(clean.packetsSent());
            assertThat(clean.malformedReceived()).isZero();
            if (dropsAfter == 0) {
                assertThat(clean.packetsLost()).as("loss after the flood").isZero();
            }
            assertThat(relayCounters.get("dropped").asLong()).as("new flows refused at the flow limit").isPositive();
            assertThat(serverCounters.get("packetsReceived").asLong()).isEqualTo(
                    serverCounters.get("packetsReplied").asLong() + serverCounters.get("malformedReceived").asLong());
        }
    }

    /** What the relay drops itself, as a NIC would: nothing, or more than its MTU; the rest it forwards unread. */
    private static boolean droppedByTheRelay(byte[] datagram) {
        return datagram.length == 0 || datagram.length > Relay.MAX_DATAGRAM_BYTES;
    }

    /** A hostile datagram of a random kind. */
    private static byte[] junk(SplittableRandom random, List<ByteBuffer> reals) {
        HostileDatagrams.Kind kind = HostileDatagrams.KINDS.get(random.nextInt(HostileDatagrams.KINDS.size()));
        return kind.make(random, reals.get(random.nextInt(reals.size())));
    }

    @FunctionalInterface
    interface Send {
        void once() throws IOException;
    }

    private static Thread flood(Send send, long deadlineNanos) {
        Thread thread = new Thread(() -> {
            try {
                while (System.nanoTime() < deadlineNanos) {
                    send.once();
                }
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }, "flood");
        thread.start();
        return thread;
    }

    /** The kernel's drops on every socket of the path: the programs', the man in the middle's, the client's. */
    private static KernelDrops watch(ChildProgram server, ChildProgram relay, ManInTheMiddle wire) throws Exception {
        KernelDrops drops = new KernelDrops();
        drops.watch(server.awaitListening(START_TIMEOUT).getPort());
        drops.watch(relay.awaitListening(START_TIMEOUT).getPort());
        drops.watch(wire.address().getPort());
        return drops;
    }

    /** Waits for the client to finish well and returns what the kernel dropped on the path meanwhile. */
    private static long awaitExit(ChildProgram client, KernelDrops drops) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long dropped = 0;
        while (client.isAlive() && System.nanoTime() < deadline) {
            dropped = drops.total();
            Thread.sleep(50);
        }
        assertThat(client.awaitExit(Duration.ofSeconds(10))).as(String.join("\n", client.stderr())).isZero();
        return dropped;
    }

    /** Waits until the client has been measuring for a while and returns the echoes of its measured packets. */
    private static List<ManInTheMiddle.Echo> awaitMeasuredEchoes(ManInTheMiddle wire, ChildProgram client)
            throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (wire.echoesSentFrom(WARMUP_NANOS + 300_000_000L).isEmpty()) {
            assertThat(client.isAlive()).as(String.join("\n", client.stderr())).isTrue();
            assertThat(System.nanoTime()).as("the client measures within %s", START_TIMEOUT).isLessThan(deadline);
            Thread.sleep(10);
        }
        return wire.echoesSentFrom(WARMUP_NANOS);
    }

    private static ChildProgram mediaServer() throws IOException {
        return ChildProgram.start(Telvirt.class, "media-server",
                List.of("--bind", "127.0.0.1:0", "--threads", "2", "--work-micros", "10"), null);
    }

    private static ChildProgram relay(InetSocketAddress server, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--route", "127.0.0.1:0=" + HostPort.format(server)));
        args.addAll(List.of(options));
        return ChildProgram.start(Telvirt.class, "relay", args, null);
    }

    private ChildProgram rtpClient(InetSocketAddress server, String name, int seconds) throws IOException {
        return ChildProgram.start(Telvirt.class, "rtp-client", List.of("--server", HostPort.format(server), "--streams",
                Integer.toString(STREAMS), "--duration", seconds + "s", "--warmup", "1s", "--drain", "3s", "--summary",
                directory.resolve(name + ".json").toString(), "--histogram-log",
                directory.resolve(name + ".hlog").toString()), null);
    }

    /** Stops a program with SIGTERM and reads the counters it prints on the way out: proof it did not crash. */
    private static JsonNode counters(ChildProgram program) throws Exception {
        assertThat(program.isAlive()).as("still running after the hostile traffic").isTrue();
        String last = program.stop();
        assertThat(last).as("the counters printed when stopped").startsWith("{");
        return new ObjectMapper().readTree(last);
    }

    /** Unconnected sockets that send hostile datagrams from as many source addresses, in turn. */
    private static final class Fuzzer implements AutoCloseable {
        private final List<DatagramChannel> sockets = new ArrayList<>();
        private long sent;

        Fuzzer(int sources) throws IOException {
            for (int i = 0; i < sources; i++) {
                sockets.add(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
            }
        }

        synchronized void send(byte[] datagram, InetSocketAddress target) throws IOException {
            sockets.get((int) (sent++ % sockets.size())).send(ByteBuffer.wrap(datagram), target);
        }

        synchronized long sent() {
            return sent;
        }

        @Override
        public void close() throws IOException {
            for (DatagramChannel socket : sockets) {
                socket.close();
            }
        }
    }
}
