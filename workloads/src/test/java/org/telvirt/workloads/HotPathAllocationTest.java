package org.telvirt.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telvirt.workloads.media.MediaServer;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.relay.Relay;
import org.telvirt.workloads.relay.Route;
import org.telvirt.workloads.rtp.RtpClient;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.work.MediaWork;

/**
 * The sender, the receiver and the relay allocate nothing per packet: across windows of thousands
 * of packets, after the JIT has compiled the loops, their threads' allocated bytes stay flat.
 */
@Timeout(60)
class HotPathAllocationTest {
    private static final int STREAMS = 200;
    private static final int CLIENT_SOCKETS = 2;
    /** Allowance for anything a thread does once in a while (not per packet): far below one byte per packet. */
    private static final long MAX_BYTES_PER_WINDOW = 512;

    @ParameterizedTest(name = "receive threads: {0}")
    @ValueSource(ints = {0, 1})
    void senderReceiverAndRelayAllocateNothingPerPacket(int receiveThreads) throws Exception {
        try (MediaServer server = new MediaServer(new InetSocketAddress("127.0.0.1", 0), 1, MediaWork.calibrate(0),
                SocketBuffers.DEFAULT_BYTES).start();
             Relay relay = new Relay(List.of(new Route(new InetSocketAddress("127.0.0.1", 0), server.localAddress())), 1,
                     Relay.Coalescing.NONE, SocketBuffers.DEFAULT_BYTES, 64, Duration.ofMinutes(1).toNanos(), System.err)
                     .start()) {
            RtpClient client = new RtpClient(new RtpClient.Options(relay.listenAddresses().get(0), STREAMS,
                    Duration.ofSeconds(7), Duration.ZERO, Duration.ofMillis(500), null, CLIENT_SOCKETS, receiveThreads,
                    SocketBuffers.DEFAULT_BYTES), null);
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.run(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            TimeUnit.SECONDS.sleep(3);
            List<String> threads = receiveThreads == 0
                    ? List.of(RtpClient.SENDER_THREAD, Relay.THREAD_PREFIX + 0)
                    : List.of(RtpClient.SENDER_THREAD, RtpClient.RECEIVER_THREAD_PREFIX + 0, Relay.THREAD_PREFIX + 0);
            Map<String, Long> before = allocatedBytes(threads);
            long forwardedBefore = relay.stats().forwarded();
            TimeUnit.SECONDS.sleep(1);
            Map<String, Long> middle = allocatedBytes(threads);
            long forwardedMiddle = relay.stats().forwarded();
            TimeUnit.SECONDS.sleep(2);
            Map<String, Long> after = allocatedBytes(threads);
            long forwardedAfter = relay.stats().forwarded();

            assertThat(forwardedMiddle - forwardedBefore).as("packets crossing the relay in the first window")
                    .isGreaterThan(5_000);
            assertThat(forwardedAfter - forwardedMiddle).as("... and in the second, twice as long")
                    .isGreaterThan(10_000);
            for (String thread : threads) {
                long first = middle.get(thread) - before.get(thread);
                long second = after.get(thread) - middle.get(thread);
                System.out.printf("%s allocated %d bytes over %d relayed packets, then %d bytes over %d%n", thread,
                        first, forwardedMiddle - forwardedBefore, second, forwardedAfter - forwardedMiddle);
                assertThat(first).as(thread + ", first window").isLessThanOrEqualTo(MAX_BYTES_PER_WINDOW);
                assertThat(second).as(thread + ", second window").isLessThanOrEqualTo(MAX_BYTES_PER_WINDOW);
            }
            // the relay may lose one datagram per flow as it connects the flow (see Relay), and this run has no warm-up
            assertThat(run.get(30, TimeUnit.SECONDS).packetsLost()).as("lost at the flows' setup")
                    .isLessThanOrEqualTo(CLIENT_SOCKETS);
        }
    }

    private static Map<String, Long> allocatedBytes(List<String> names) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> result = new LinkedHashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (names.contains(thread.getName())) {
                result.put(thread.getName(), threads.getThreadAllocatedBytes(thread.getId()));
            }
        }
        assertThat(result).as("threads found").containsOnlyKeys(names);
        return result;
    }
}
