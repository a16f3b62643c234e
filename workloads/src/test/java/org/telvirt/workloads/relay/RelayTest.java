package org.telvirt.workloads.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telvirt.workloads.media.MediaServer;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.work.MediaWork;

/** The relay as NAT: several routes, several threads, flows that come and go. */
@Timeout(60)
class RelayTest {
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private DatagramChannel upstream() throws IOException {
        DatagramChannel channel = open(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        channel.configureBlocking(false);
        return channel;
    }

    private Relay relay(int threads, int maxFlows, Duration idle, InetSocketAddress... upstreams) throws IOException {
        List<Route> routes = new ArrayList<>();
        for (InetSocketAddress upstream : upstreams) {
            routes.add(new Route(new InetSocketAddress("127.0.0.1", 0), upstream));
        }
        return open(new Relay(routes, threads, Relay.Coalescing.NONE, SocketBuffers.DEFAULT_BYTES, maxFlows,
                idle.toNanos(), System.err).start());
    }

    private DatagramChannel client(InetSocketAddress relay) throws IOException {
        DatagramChannel channel = open(DatagramChannel.open());
        channel.configureBlocking(false);
        channel.connect(relay);
        return channel;
    }

    /** Waits for one datagram; returns who sent it (the payload is left in {@code into}). */
    private static SocketAddress receive(DatagramChannel channel, ByteBuffer into) throws IOException {
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            into.clear();
            SocketAddress source = channel.receive(into);
            if (source != null) {
                into.flip();
                return source;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("nothing received within " + RECEIVE_TIMEOUT);
    }

    private static void echoOnce(DatagramChannel upstream) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        SocketAddress peer = receive(upstream, buffer);
        upstream.send(buffer, peer);
    }

    @Test
    void upstreamSeesTheRelayAndRepliesReachTheRightClientOnTheRightRoute() throws IOException {
        DatagramChannel first = upstream();
        DatagramChannel second = upstream();
        Relay relay = relay(1, 16, Duration.ofMinutes(1), (InetSocketAddress) first.getLocalAddress(),
                (InetSocketAddress) second.getLocalAddress());
        DatagramChannel alice = client(relay.listenAddresses().get(0));
        DatagramChannel bob = client(relay.listenAddresses().get(1));

        alice.write(ByteBuffer.wrap(new byte[] {'a'}));
        bob.write(ByteBuffer.wrap(new byte[] {'b'}));
        ByteBuffer buffer = ByteBuffer.allocate(256);
        SocketAddress aliceAsSeen = receive(first, buffer);
        assertThat(buffer.get(0)).isEqualTo((byte) 'a');
        assertThat(aliceAsSeen).as("NAT: the upstream sees the relay").isNotEqualTo(alice.getLocalAddress());
        first.send(ByteBuffer.wrap(new byte[] {'A'}), aliceAsSeen);
        SocketAddress bobAsSeen = receive(second, buffer);
        assertThat(buffer.get(0)).isEqualTo((byte) 'b');
        second.send(ByteBuffer.wrap(new byte[] {'B'}), bobAsSeen);

        assertThat(receive(alice, buffer)).isEqualTo(relay.listenAddresses().get(0));
        assertThat(buffer.get(0)).isEqualTo((byte) 'A');
        assertThat(receive(bob, buffer)).isEqualTo(relay.listenAddresses().get(1));
        assertThat(buffer.get(0)).isEqualTo((byte) 'B');
        assertThat(relay.stats()).isEqualTo(new Relay.Stats(2, 2, 4, 0, 0));
    }

    @Test
    void aWindowCountsOnlyItsOwnPacketsAndClosesTheFlowsOfItsClients() throws Exception {
        DatagramChannel upstream = upstream();
        Relay relay = relay(2, 16, Duration.ofMinutes(1), (InetSocketAddress) upstream.getLocalAddress());
        ByteBuffer buffer = ByteBuffer.allocate(256);
        DatagramChannel before = client(relay.listenAddresses().get(0));
        for (int i = 0; i < 3; i++) {
            before.write(ByteBuffer.wrap(new byte[] {1}));
            echoOnce(upstream);
            receive(before, buffer);
        }
        assertThat(relay.closeWindow()).as("the first window: since the start").isEqualTo(new Relay.Stats(1, 1, 6, 0, 0));

        DatagramChannel during = client(relay.listenAddresses().get(0));
        during.write(ByteBuffer.wrap(new byte[] {2}));
        echoOnce(upstream);
        receive(during, buffer);
        before.write(ByteBuffer.wrap(new byte[] {3}));
        echoOnce(upstream);
        receive(before, buffer);

        assertThat(relay.closeWindow()).as("the earlier client's flow was closed: coming back opened a new one")
                .isEqualTo(new Relay.Stats(1, 2, 4, 0, 0));
        assertThat(relay.stats()).as("the totals since the start").isEqualTo(new Relay.Stats(1, 3, 10, 0, 0));
    }

    @Test
    void severalThreadsShareTheListenAddressAndLoseNothing() throws Exception {
        MediaServer server = open(new MediaServer(new InetSocketAddress("127.0.0.1", 0), 2, MediaWork.calibrate(0),
                SocketBuffers.DEFAULT_BYTES).start());
        Relay relay = relay(2, 4 * RtpClient.DEFAULT_SOCKETS, Duration.ofMinutes(1), server.localAddress());

        RunSummary summary = new RtpClient(new RtpClient.Options(relay.listenAddresses().get(0), 50,
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500), null, RtpClient.DEFAULT_SOCKETS,
                1, SocketBuffers.DEFAULT_BYTES), null).run(null);

        assertThat(summary.packetsSent()).isEqualTo(50 * 50 * 2);
        assertThat(summary.packetsLost()).isZero();
        assertThat(summary.malformedReceived()).isZero();
        assertThat(relay.stats().flows()).as("one flow per client socket that carries streams")
                .isEqualTo(Math.min(RtpClient.DEFAULT_SOCKETS, 50));
    }

    @Test
    void anIdleFlowIsClosedAndMadeAgainWhenItsClientComesBack() throws Exception {
        DatagramChannel upstream = upstream();
        Relay relay = relay(1, 16, Duration.ofMillis(500), (InetSocketAddress) upstream.getLocalAddress());
        DatagramChannel client = client(relay.listenAddresses().get(0));
        ByteBuffer buffer = ByteBuffer.allocate(256);

        client.write(ByteBuffer.wrap(new byte[] {1}));
        echoOnce(upstream);
        receive(client, buffer);
        Thread.sleep(2_500);
        client.write(ByteBuffer.wrap(new byte[] {2}));
        echoOnce(upstream);
        receive(client, buffer);

        assertThat(buffer.get(0)).isEqualTo((byte) 2);
        assertThat(relay.stats().flows()).as("flows opened").isEqualTo(2);
    }

    @Test
    void clientsBeyondTheFlowLimitAreDroppedAndCounted() throws IOException {
        DatagramChannel upstream = upstream();
        Relay relay = relay(1, 1, Duration.ofMinutes(1), (InetSocketAddress) upstream.getLocalAddress());
        DatagramChannel admitted = client(relay.listenAddresses().get(0));
        DatagramChannel refused = client(relay.listenAddresses().get(0));

        admitted.write(ByteBuffer.wrap(new byte[] {1}));
        echoOnce(upstream);
        receive(admitted, ByteBuffer.allocate(16));
        refused.write(ByteBuffer.wrap(new byte[] {2}));
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (relay.stats().dropped() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        admitted.write(ByteBuffer.wrap(new byte[] {3}));
        echoOnce(upstream);
        receive(admitted, ByteBuffer.allocate(16));

        assertThat(relay.stats().flows()).isEqualTo(1);
        assertThat(relay.stats().dropped()).isEqualTo(1);
        assertThat(relay.stats().forwarded()).as("the admitted client's two round trips").isEqualTo(4);
    }
}
