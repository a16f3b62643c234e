package org.telvirt.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telvirt.workloads.cli.HostPort;
import org.telvirt.workloads.launch.ChildProgram;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.relay.Relay;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RtpPacket;
import org.telvirt.workloads.rtp.RunSummary;

/** Short, wrong-version, unknown-stream and garbage datagrams are counted and dropped; nothing crashes. */
@Timeout(120)
class MalformedDatagramTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    private static ByteBuffer validPacket() {
        ByteBuffer packet = ByteBuffer.allocate(RtpPacket.DATAGRAM_BYTES);
        RtpPacket.writeConstantParts(packet);
        RtpPacket.stamp(packet, 1, 160, 42, 0, 0, 0);
        return packet;
    }

    private static ByteBuffer withByte(ByteBuffer packet, int index, int value) {
        ByteBuffer copy = ByteBuffer.allocate(packet.limit());
        copy.put(packet.duplicate()).flip();
        copy.put(index, (byte) value);
        return copy;
    }

    private static ByteBuffer random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0x13;
        return ByteBuffer.wrap(bytes);
    }

    private static ByteBuffer receive(DatagramChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (channel.receive(buffer) != null) {
                return buffer.flip();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("nothing received within " + RECEIVE_TIMEOUT);
    }

    @Test
    void mediaServerCountsAndDropsWhatIsNotAPcmuFrameAndKeepsServing() throws Exception {
        List<ByteBuffer> garbage = List.of(
                ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 1, 2, 3}),
                withByte(validPacket(), 0, 0x40),
                withByte(validPacket(), 1, 8),
                ByteBuffer.wrap(new byte[RtpPacket.DATAGRAM_BYTES - 1]),
                random(RtpPacket.DATAGRAM_BYTES, 1),
                random(3000, 2));
        try (ChildProgram server = ChildProgram.start(Telvirt.class, "media-server",
                List.of("--bind", "127.0.0.1:0", "--threads", "1", "--work-micros", "5"), null);
             DatagramChannel client = DatagramChannel.open()) {
            InetSocketAddress address = server.awaitListening(START_TIMEOUT);
            client.configureBlocking(false);
            client.connect(address);
            for (ByteBuffer datagram : garbage) {
                client.write(datagram);
            }
            ByteBuffer valid = validPacket();
            client.write(valid.duplicate());

            assertThat(receive(client)).as("the valid packet comes back unchanged").isEqualTo(valid);
            JsonNode counters = new ObjectMapper().readTree(server.stop());
            assertThat(counters.get("malformedReceived").asLong()).isEqualTo(garbage.size());
            assertThat(counters.get("packetsReplied").asLong()).isEqualTo(1);
        }
    }

    @Test
    void relayDropsOversizedFramesAndForwardsEverythingElseUnread() throws Exception {
        try (DatagramChannel upstream = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel client = DatagramChannel.open()) {
            upstream.configureBlocking(false);
            try (ChildProgram relay = ChildProgram.start(Telvirt.class, "relay", List.of("--route",
                    "127.0.0.1:0=" + HostPort.format((InetSocketAddress) upstream.getLocalAddress())), null)) {
                client.configureBlocking(false);
                client.connect(relay.awaitListening(START_TIMEOUT));
                client.write(random(Relay.MAX_DATAGRAM_BYTES + 1, 3));
                client.write(random(10, 4));
                ByteBuffer valid = validPacket();
                client.write(valid.duplicate());

                assertThat(receive(upstream)).as("garbage is not the relay's business").isEqualTo(random(10, 4));
                ByteBuffer forwarded = ByteBuffer.allocate(4096);
                SocketAddress relaySide = null;
                long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
                while (relaySide == null && System.nanoTime() < deadline) {
                    relaySide = upstream.receive(forwarded);
                }
                assertThat(forwarded.flip()).isEqualTo(valid);
                upstream.send(forwarded.rewind(), relaySide);
                assertThat(receive(client)).as("the reply finds its client").isEqualTo(valid);

                JsonNode counters = new ObjectMapper().readTree(relay.stop());
                assertThat(counters.get("malformedReceived").asLong()).isEqualTo(1);
                assertThat(counters.get("forwarded").asLong()).isEqualTo(3);
            }
        }
    }

    /**
     * A fake server echoes every packet and, once, slips its own datagrams in between: six that are
     * no packet of this run and a duplicate of a real one.
     */
    @Test
    void clientCountsForeignDatagramsAsMalformedAndDuplicatesAsDuplicates() throws Exception {
        try (DatagramChannel fakeServer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Integer> injected = CompletableFuture.supplyAsync(() -> echoAndInject(fakeServer));
            RtpClient client = new RtpClient(new RtpClient.Options((InetSocketAddress) fakeServer.getLocalAddress(), 20,
                    Duration.ofSeconds(2), Duration.ZERO, Duration.ofMillis(500), null, 2, 1,
                    SocketBuffers.DEFAULT_BYTES), null);

            RunSummary summary = client.run(null);

            fakeServer.close();
            assertThat(injected.get(10, TimeUnit.SECONDS)).isEqualTo(6);
            assertThat(summary.malformedReceived()).isEqualTo(6);
            assertThat(summary.duplicates()).isEqualTo(1);
            assertThat(summary.packetsLost()).isZero();
            assertThat(summary.packetsReceived()).isEqualTo(summary.packetsSent()).isEqualTo(20 * 50 * 2);
        }
    }

    private static int echoAndInject(DatagramChannel server) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int echoed = 0;
        int injected = 0;
        try {
            while (true) {
                buffer.clear();
                SocketAddress client = server.receive(buffer);
                buffer.flip();
                ByteBuffer packet = buffer.duplicate();
                server.send(buffer, client);
                if (++echoed == 100) {
                    List<ByteBuffer> foreign = new ArrayList<>();
                    foreign.add(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 1, 2}));
                    foreign.add(withByte(packet, 0, 0x00));
                    ByteBuffer unknownStream = withByte(packet, 0, 0x80);
                    RtpPacket.stamp(unknownStream, RtpPacket.sequence(packet), RtpPacket.timestamp(packet),
                            RtpPacket.ssrc(packet), 99_999, RtpPacket.packetIndex(packet),
                            RtpPacket.intendedSendNanos(packet));
                    foreign.add(unknownStream);
                    foreign.add(withByte(packet, 8, packet.get(8) ^ 0x01));
                    ByteBuffer fromTheFuture = withByte(packet, 0, 0x80);
                    RtpPacket.stamp(fromTheFuture, RtpPacket.sequence(packet), RtpPacket.timestamp(packet),
                            RtpPacket.ssrc(packet), RtpPacket.streamId(packet), RtpPacket.packetIndex(packet),
                            RtpPacket.intendedSendNanos(packet) + 3_600_000_000_000L);
                    foreign.add(fromTheFuture);
                    foreign.add(random(2000, 5));
                    for (ByteBuffer datagram : foreign) {
                        server.send(datagram, client);
                        injected++;
                    }
                    server.send(packet, client);
                }
            }
        } catch (IOException closedAtTheEnd) {
            return injected;
        }
    }
}
