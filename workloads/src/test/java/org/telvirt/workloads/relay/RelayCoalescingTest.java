package org.telvirt.workloads.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telvirt.workloads.media.MediaServer;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.work.MediaWork;

/** Coalescing holds client packets until the hold time or the frame count, whichever comes first. */
@Timeout(60)
class RelayCoalescingTest {
    private static final long HOLD_NANOS = Duration.ofSeconds(1).toNanos();

    private DatagramChannel upstream;
    private DatagramChannel client;
    private Relay relay;

    @BeforeEach
    void start() throws IOException {
        upstream = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        upstream.configureBlocking(false);
        relay = new Relay(List.of(new Route(new InetSocketAddress("127.0.0.1", 0),
                (InetSocketAddress) upstream.getLocalAddress())), 1, new Relay.Coalescing(HOLD_NANOS, 3),
                SocketBuffers.DEFAULT_BYTES, 16, Duration.ofMinutes(1).toNanos(), System.err).start();
        client = DatagramChannel.open();
        client.connect(relay.listenAddresses().get(0));
    }

    @AfterEach
    void stop() throws IOException {
        relay.close();
        client.close();
        upstream.close();
    }

    private int receivedWithin(Duration window) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int received = 0;
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            buffer.clear();
            if (upstream.receive(buffer) != null) {
                received++;
            } else {
                Thread.onSpinWait();
            }
        }
        return received;
    }

    @Test
    void fewerFramesThanTheCountWaitForTheHoldTime() throws IOException {
        client.write(ByteBuffer.wrap(new byte[] {1}));
        client.write(ByteBuffer.wrap(new byte[] {2}));

        assertThat(receivedWithin(Duration.ofMillis(300))).as("held").isZero();
        assertThat(receivedWithin(Duration.ofSeconds(3))).as("released after the hold time").isEqualTo(2);
    }

    @Test
    void theFrameCountReleasesBeforeTheHoldTime() throws IOException {
        client.write(ByteBuffer.wrap(new byte[] {1}));
        client.write(ByteBuffer.wrap(new byte[] {2}));
        client.write(ByteBuffer.wrap(new byte[] {3}));

        assertThat(receivedWithin(Duration.ofMillis(700))).as("released by the third frame").isEqualTo(3);
        assertThat(relay.stats().forwarded()).isEqualTo(3);
    }

    @Test
    void mediaStreamsCrossACoalescingRelayWithoutLoss() throws Exception {
        try (MediaServer server = new MediaServer(new InetSocketAddress("127.0.0.1", 0), 1, MediaWork.calibrate(0),
                SocketBuffers.DEFAULT_BYTES).start();
             Relay coalescing = new Relay(List.of(new Route(new InetSocketAddress("127.0.0.1", 0),
                     server.localAddress())), 1, new Relay.Coalescing(40_000, 3), SocketBuffers.DEFAULT_BYTES, 16,
                     Duration.ofMinutes(1).toNanos(), System.err).start()) {
            RunSummary summary = new RtpClient(new RtpClient.Options(coalescing.listenAddresses().get(0), 50,
                    Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500), null, 4, 1,
                    SocketBuffers.DEFAULT_BYTES), null).run(null);

            assertThat(summary.packetsSent()).isEqualTo(50 * 50 * 2);
            assertThat(summary.packetsLost()).isZero();
            assertThat(coalescing.stats().dropped()).isZero();
        }
    }
}
