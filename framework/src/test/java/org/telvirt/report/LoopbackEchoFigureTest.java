package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real figure from a real measurement: RTP-sized UDP packets on a fixed schedule through an echo
 * on loopback that spends a given time on each packet, delay taken from each packet's intended send
 * time, after a warm-up whose packets are not counted. Its boxplot, CSV and per-configuration
 * parameters land in the Allure results, as an experiment's will. One configuration sends to an
 * echo that is down: 100 % loss, kept in the figure.
 */
class LoopbackEchoFigureTest {
    private static final String FIGURE = "Loopback UDP echo: work per packet";
    private static final Path OUTPUT = Path.of("target", "telvirt", "loopback-echo");
    private static final int STREAMS = 10;
    private static final int PACKETS_PER_SECOND_PER_STREAM = 50;
    private static final int PAYLOAD_BYTES = 172;
    private static final long WARMUP_MILLIS = 300;
    private static final long SEND_MILLIS = 1000;
    private static final long GRACE_MILLIS = 300;

    private static final Path RESULTS_TABLE = Path.of("target", "telvirt", "results.md");

    @RegisterExtension
    static final CurrentInvocation INVOCATION = new CurrentInvocation();

    enum EchoConfiguration {
        IDLE("0us", 0, true), LIGHT("200us", 200, true), HEAVY("600us", 600, true), DOWN("down", 0, false);

        final String id;
        final long workMicros;
        final boolean echoRunning;

        EchoConfiguration(String id, long workMicros, boolean echoRunning) {
            this.id = id;
            this.workMicros = workMicros;
            this.echoRunning = echoRunning;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * Hands the running invocation's context to the test, which reports into its figure, its
     * progress and the run's results table, as the telvirt extension does for an experiment.
     */
    static final class CurrentInvocation implements BeforeEachCallback {
        private ExtensionContext context;

        @Override
        public void beforeEach(ExtensionContext invocation) {
            context = invocation;
            ProgressReporter.of(invocation, FIGURE, EchoConfiguration.values().length);
        }

        void report(DelayRow row) {
            FigureReport.of(context, FIGURE, OUTPUT).add(row);
            ProgressReporter.of(context, FIGURE, EchoConfiguration.values().length).finished(row);
            SloVerdict noLoss = row.lossPercent() == 0.0
                    ? SloVerdict.met()
                    : SloVerdict.missed("loss " + ReportFormat.loss(row) + " > 0 %");
            EndOfRunTable.of(context, RESULTS_TABLE).add(FIGURE, row, noLoss);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EchoConfiguration.class)
    void echoDelay(EchoConfiguration configuration) throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("configuration", configuration.id);
        parameters.put("echo work per packet (us)", configuration.workMicros);
        parameters.put("echo running", configuration.echoRunning);
        parameters.put("streams", STREAMS);
        parameters.put("packets per second per stream", PACKETS_PER_SECOND_PER_STREAM);
        parameters.put("seconds", SEND_MILLIS / 1000.0);
        AllureAttachments.parameters(parameters);

        DelayRow row = measure(configuration);
        INVOCATION.report(row);
        Path csv = OUTPUT.resolve(configuration.id + ".csv");
        Files.createDirectories(OUTPUT);
        Files.writeString(csv, DelayTable.csv(List.of(row)), StandardCharsets.UTF_8);
        AllureAttachments.attachFile("delay of " + configuration.id + " (CSV)", csv);

        long expectedPackets = STREAMS * PACKETS_PER_SECOND_PER_STREAM * SEND_MILLIS / 1000;
        assertThat(row.packetsSent()).isEqualTo(expectedPackets);
        if (configuration.echoRunning) {
            assertThat(row.lossPercent()).isLessThan(100.0);
            assertThat(row.delay().p1Micros())
                    .as("no packet comes back before the echo's work on it is done")
                    .isGreaterThanOrEqualTo(configuration.workMicros);
        } else {
            assertThat(row.lossPercent()).isEqualTo(100.0);
            assertThat(row.delay()).isNull();
        }
    }

    @AfterAll
    static void theFigureHoldsEveryConfigurationInOrder() throws IOException {
        assertThat(OUTPUT.resolve(FigureReport.BOXPLOT_FILE)).isNotEmptyFile();
        assertThat(Files.readString(OUTPUT.resolve(FigureReport.CSV_FILE)).lines().skip(1))
                .extracting(line -> line.split(",")[0])
                .containsExactly("0us", "200us", "600us", "down");
    }

    private static DelayRow measure(EchoConfiguration configuration) throws Exception {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Echo echo = configuration.echoRunning ? Echo.start(configuration.workMicros) : null) {
            InetSocketAddress target = echo != null ? echo.address() : closedPort();
            Histogram delayMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            int packetsPerSecond = STREAMS * PACKETS_PER_SECOND_PER_STREAM;
            int warmupPackets = (int) (packetsPerSecond * WARMUP_MILLIS / 1000);
            int packets = (int) (packetsPerSecond * SEND_MILLIS / 1000);
            BitSet received = new BitSet(warmupPackets + packets);
            client.setSoTimeout(50);
            long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / packetsPerSecond;
            Thread receiver = new Thread(
                    () -> receive(client, startNanos, intervalNanos, warmupPackets, delayMicros, received),
                    "loopback-echo-receiver");
            receiver.start();
            send(client, target, warmupPackets + packets, startNanos, intervalNanos);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
            client.close();
            receiver.join();
            double lossPercent = 100.0 * (packets - received.get(warmupPackets, warmupPackets + packets).cardinality())
                    / packets;
            return DelayRow.measured(configuration.id, STREAMS, packets, lossPercent, delayMicros);
        }
    }

    /** Sends on a fixed schedule; each packet carries its sequence number. */
    private static void send(DatagramSocket client, InetSocketAddress target, int packets,
                             long startNanos, long intervalNanos) throws IOException {
        byte[] payload = new byte[PAYLOAD_BYTES];
        DatagramPacket packet = new DatagramPacket(payload, payload.length, target);
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        for (int sequence = 0; sequence < packets; sequence++) {
            long intended = startNanos + sequence * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            buffer.putInt(0, sequence);
            client.send(packet);
        }
    }

    /** Delay from the intended send time, so a late sender shows as delay (no coordinated omission). */
    private static void receive(DatagramSocket client, long startNanos, long intervalNanos, int warmupPackets,
                                Histogram delayMicros, BitSet received) {
        byte[] buffer = new byte[PAYLOAD_BYTES];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!client.isClosed()) {
            try {
                client.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            int sequence = ByteBuffer.wrap(buffer).getInt(0);
            boolean duplicate = received.get(sequence);
            received.set(sequence);
            if (!duplicate && sequence >= warmupPackets) {
                delayMicros.recordValue(TimeUnit.NANOSECONDS.toMicros(now - (startNanos + sequence * intervalNanos)));
            }
        }
    }

    private static InetSocketAddress closedPort() throws SocketException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), probe.getLocalPort());
        }
    }

    /** A UDP echo on loopback that busy-works on each packet before returning it. */
    private record Echo(DatagramSocket socket, Thread thread) implements AutoCloseable {
        static Echo start(long workMicros) throws SocketException {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread thread = new Thread(() -> serve(socket, workMicros), "loopback-echo");
            thread.start();
            return new Echo(socket, thread);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private static void serve(DatagramSocket socket, long workMicros) {
            byte[] buffer = new byte[PAYLOAD_BYTES];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (true) {
                try {
                    socket.receive(packet);
                    long doneNanos = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(workMicros);
                    while (System.nanoTime() < doneNanos) {
                        Thread.onSpinWait();
                    }
                    socket.send(packet);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join();
        }
    }
}
