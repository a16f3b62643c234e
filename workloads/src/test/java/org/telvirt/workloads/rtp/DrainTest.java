package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The drain ends once every measured packet is back, and never before: a late packet still counts as received. */
class DrainTest {
    private static final int STREAMS = 10;
    private static final long MEASURED_PACKETS = STREAMS * 50L;

    @Test
    @Timeout(30)
    void aRunWithEveryPacketBackDoesNotWaitOutItsDrain() throws Exception {
        try (Echo echo = new Echo(-1, Duration.ZERO)) {
            RunSummary summary = client(echo.address(), Duration.ofMinutes(5)).run(null);

            assertThat(summary.packetsReceived()).isEqualTo(MEASURED_PACKETS);
            assertThat(summary.packetsLost()).isZero();
        }
    }

    @Test
    @Timeout(30)
    void aPacketStillOnItsWayWhenTheLastOneIsSentKeepsTheDrainOpen() throws Exception {
        // the last datagram of the run comes back 500 ms late: every other packet is back well before it
        try (Echo echo = new Echo(MEASURED_PACKETS - 1, Duration.ofMillis(500))) {
            RunSummary summary = client(echo.address(), Duration.ofSeconds(5)).run(null);

            assertThat(summary.packetsReceived()).isEqualTo(MEASURED_PACKETS);
            assertThat(summary.packetsLost()).isZero();
            assertThat(summary.delayMicros().max()).isGreaterThanOrEqualTo(500_000);
        }
    }

    private static RtpClient client(InetSocketAddress server, Duration drain) {
        return new RtpClient(new RtpClient.Options(server, STREAMS, Duration.ofSeconds(1), Duration.ZERO, drain, null,
                2, 1, 65_536, 0), null);
    }

    /** Sends every datagram back to its sender; the one with index {@code lateIndex} only after {@code lateBy}. */
    private static final class Echo implements AutoCloseable {
        private final DatagramChannel channel;
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        private final Thread thread;

        Echo(long lateIndex, Duration lateBy) throws IOException {
            channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> echo(lateIndex, lateBy), "echo");
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        private void echo(long lateIndex, Duration lateBy) {
            try {
                for (long index = 0; ; index++) {
                    ByteBuffer datagram = ByteBuffer.allocate(RtpPacket.DATAGRAM_BYTES);
                    SocketAddress sender = channel.receive(datagram);
                    datagram.flip();
                    if (index == lateIndex) {
                        later.schedule(() -> sendQuietly(datagram, sender), lateBy.toMillis(), TimeUnit.MILLISECONDS);
                    } else {
                        channel.send(datagram, sender);
                    }
                }
            } catch (ClosedChannelException closed) {
                // the test is over
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }

        private void sendQuietly(ByteBuffer datagram, SocketAddress to) {
            try {
                channel.send(datagram, to);
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
            later.shutdownNow();
            thread.join();
        }
    }
}
