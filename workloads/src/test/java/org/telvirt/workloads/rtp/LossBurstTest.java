package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The per-stream CSV carries each stream's loss bursts as the echo dropped them, warm-up drops not among them. */
@Timeout(30)
class LossBurstTest {
    private static final int STREAMS = 4;
    /** One second of warm-up: packets 0-49 of every stream; the measured second is 50-99. */
    private static final int FIRST_MEASURED = 50;

    @TempDir
    Path directory;

    @Test
    void theCsvHasEachStreamsBurstsAndAddsUpToTheSummary() throws Exception {
        try (DroppingEcho echo = new DroppingEcho()) {
            RtpClient client = new RtpClient(new RtpClient.Options(echo.address(), STREAMS, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofMillis(300), null, 2, 1, 65_536, 0), null);
            RunSummary summary = client.run(null);
            Path csv = directory.resolve("streams.csv");
            client.writePerStreamCsv(csv);

            List<StreamResult> streams = StreamResult.readCsv(csv);
            assertThat(streams).extracting(StreamResult::lossBursts).containsExactly(1L, 2L, 0L, 0L);
            assertThat(streams).extracting(StreamResult::longestLossBurst).containsExactly(5L, 1L, 0L, 0L);
            assertThat(streams.stream().mapToLong(StreamResult::lost).sum()).isEqualTo(summary.packetsLost())
                    .isEqualTo(7);
        }
    }

    /** Echoes every datagram but stream 0's packets 60-64, stream 1's 70 and 72, and stream 2's warm-up 10-20. */
    private static final class DroppingEcho implements AutoCloseable {
        private final DatagramChannel channel;
        private final Thread thread;

        DroppingEcho() throws IOException {
            channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::echo, "dropping-echo");
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        private static boolean dropped(int stream, int index) {
            return stream == 0 && index >= FIRST_MEASURED + 10 && index < FIRST_MEASURED + 15
                    || stream == 1 && (index == FIRST_MEASURED + 20 || index == FIRST_MEASURED + 22)
                    || stream == 2 && index >= 10 && index <= 20;
        }

        private void echo() {
            ByteBuffer datagram = ByteBuffer.allocate(RtpPacket.DATAGRAM_BYTES);
            try {
                while (true) {
                    datagram.clear();
                    SocketAddress sender = channel.receive(datagram);
                    datagram.flip();
                    if (!dropped(RtpPacket.streamId(datagram), RtpPacket.packetIndex(datagram))) {
                        channel.send(datagram, sender);
                    }
                }
            } catch (ClosedChannelException closed) {
                // the test is over
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join();
        }
    }
}
