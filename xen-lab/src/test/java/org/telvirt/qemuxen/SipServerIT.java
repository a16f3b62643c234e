package org.telvirt.qemuxen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.workloads.signaling.SignalingClient;
import org.telvirt.workloads.signaling.SignalingServer;
import org.telvirt.workloads.signaling.SipMessage;

/**
 * The signaling guest's sip-server.c on this machine, built from the lab's recipe as build-image.sh builds it (plus
 * every warning as an error), called over loopback as the xen driver calls it in the guest: by telvirt's own
 * SignalingClient, every call completed; request by request it answers as telvirt's Java SignalingServer does. No lab
 * boots: it runs with the lab's suite ({@code -Pxen-lab}), whose prerequisites bring gcc.
 */
class SipServerIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final QemuGuest SIGNALING_GUEST = QemuXenSettings.paperGuests().get(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above what loopback takes, for a request that gets no answer: none is waited for longer. */
    private static final int QUIET_MILLIS = 200;

    @TempDir
    static Path build;
    private static Path program;

    @TempDir
    Path run;
    private Process server;

    @BeforeAll
    static void compile() throws Exception {
        Path recipe = build.resolve("recipe");
        QemuXenRecipe.load().writeTo(recipe);
        program = build.resolve("sip-server");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-static", "-Wall", "-Wextra", "-Werror", "-o", program.toString(),
                recipe.resolve("sip-server.c").toString()).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc: %s", output).isZero();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void everyCallOfTheJavaSignalingClientCompletes() throws Exception {
        InetSocketAddress address = startServer();
        SignalingClient client = new SignalingClient(new SignalingClient.Options(address, 100, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));

        SignalingClient.Summary calls = client.run(null);
        JsonNode counters = terminate(server);
        List<String> records = Files.readAllLines(run.resolve("calls.log"));
        System.out.printf("sip-server on loopback: calls attempted %d, completed %d, failed %d; setup p50 %.2f ms,"
                        + " p99 %.2f ms; its counters %s%n", calls.callsAttempted(), calls.callsCompleted(),
                calls.callsFailed(), calls.setupMillis().p50(), calls.setupMillis().p99(), counters);

        assertThat(calls.callsAttempted()).isGreaterThanOrEqualTo(450);
        assertThat(calls.callsCompleted()).isEqualTo(calls.callsAttempted());
        assertThat(calls.callsFailed()).isZero();
        assertThat(calls.malformedReceived()).isZero();
        assertThat(counters.path("callsStarted").asLong()).isEqualTo(calls.callsCompleted());
        assertThat(counters.path("callsEnded").asLong()).isEqualTo(calls.callsCompleted());
        assertThat(counters.path("malformedReceived").asLong()).isZero();
        assertThat(counters.path("callsRefused").asLong()).isZero();
        assertThat(records).hasSize((int) calls.callsCompleted())
                .allMatch(record -> record.matches("\\d{13} [0-9a-f]+-\\d+@telvirt durationMillis=\\d+"));
    }

    /** The same datagrams to both servers, one at a time: the same answers, byte for byte, and the same counters. */
    @Test
    void answersEachRequestAsTheJavaSignalingServerDoes() throws Exception {
        List<String> datagrams = List.of(
                request("INVITE", "call-1", "1 INVITE"),
                request("INVITE", "call-1", "1 INVITE"),
                request("ACK", "call-1", "1 ACK"),
                request("UPDATE", "call-1", "2 UPDATE"),
                request("UPDATE", "unknown", "2 UPDATE"),
                request("BYE", "call-1", "3 BYE"),
                request("BYE", "call-1", "3 BYE"),
                request("BYE", "unknown", "3 BYE"),
                request("OPTIONS", "probe", "1 OPTIONS"),
                request("ACK", "unknown", "1 ACK"),
                "INVITE sip:media@telvirt SIP/2.0\r\ncall-id :  spaced  \r\ncseq: 007 INVITE\r\nX: y\r\n\r\n",
                "INVITE sip:media@telvirt SIP/2.0\r\nCall-ID: no-final-line\r\nCSeq: 1 INVITE",
                "INVITE sip:media@telvirt SIP/2.0\r\nCall-ID: a\r\nCall-ID: last-wins\r\nCSeq: 1 INVITE\r\n\r\n",
                request("INVITE", "nul\0inside", "1 INVITE"),
                request("INVITE", "x".repeat(128), "1 INVITE"),
                request("INVITE", "x".repeat(129), "1 INVITE"),
                request("INVITE", "mismatch", "1 BYE"),
                request("INVITE", "two-spaces", "1  INVITE"),
                request("INVITE", "ten-digits", "1234567890 INVITE"),
                request("invite", "lower-case", "1 invite"),
                "INVITE sip:media@telvirt SIP/2.1\r\nCall-ID: version\r\nCSeq: 1 INVITE\r\n\r\n",
                "SIP/2.0 200 OK\r\nCall-ID: a-response\r\nCSeq: 1 INVITE\r\n\r\n",
                "INVITE sip:media@telvirt SIP/2.0\r\nno colon\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n",
                "INVITE sip:media@telvirt SIP/2.0\r\nCall-ID: too-few-lines",
                "garbage",
                "");
        InetSocketAddress c = startServer();
        List<List<String>> fromC = exchange(c, datagrams);
        JsonNode counters = terminate(server);
        List<List<String>> fromJava;
        SignalingServer.Stats stats;
        Files.createDirectories(run.resolve("java"));
        try (SignalingServer java = new SignalingServer(new InetSocketAddress(LOOPBACK, 0), 0, run.resolve("java"),
                new PrintStream(PrintStream.nullOutputStream()))) {
            java.start();
            fromJava = exchange(java.localAddress(), datagrams);
            stats = java.stats();
        }

        for (int i = 0; i < datagrams.size(); i++) {
            assertThat(fromC.get(i)).as("the answers to %s", datagrams.get(i).replace("\r\n", "|"))
                    .isEqualTo(fromJava.get(i));
        }
        assertThat(fromC).as("some requests are answered").anySatisfy(answers -> assertThat(answers).hasSize(3));
        // the C server's counters include the probe it was awaited with, which is neither a call nor malformed
        assertThat(counters.path("messagesReceived").asLong()).isGreaterThan(stats.messagesReceived());
        assertThat(counters.path("callsStarted").asLong()).isEqualTo(stats.callsStarted()).isPositive();
        assertThat(counters.path("callsEnded").asLong()).isEqualTo(stats.callsEnded()).isPositive();
        assertThat(counters.path("malformedReceived").asLong()).isEqualTo(stats.malformedReceived());
    }

    @Test
    void aFullCallTableAnswers503AndCountsIt() throws Exception {
        InetSocketAddress address = startServer();
        int tableSize = 4096;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(2000);
            for (int call = 0; call < tableSize; call++) {
                send(socket, address, request("INVITE", "call-" + call, "1 INVITE"));
                for (int answer = 0; answer < 3; answer++) {
                    receive(socket);
                }
            }
            send(socket, address, request("INVITE", "one-too-many", "1 INVITE"));
            assertThat(receive(socket)).isEqualTo("SIP/2.0 503 Service Unavailable\r\nCall-ID: one-too-many\r\n"
                    + "CSeq: 1 INVITE\r\n\r\n");
            send(socket, address, request("INVITE", "call-7", "1 INVITE"));
            assertThat(receive(socket)).as("a call it holds").startsWith("SIP/2.0 200 OK\r\nCall-ID: call-7\r\n");
        }
        JsonNode counters = terminate(server);

        assertThat(counters.path("callsStarted").asLong()).isEqualTo(tableSize);
        assertThat(counters.path("callsRefused").asLong()).isEqualTo(1);
    }

    private static String request(String method, String callId, String sequence) {
        return method + " sip:media@telvirt SIP/2.0\r\nCall-ID: " + callId + "\r\nCSeq: " + sequence + "\r\n\r\n";
    }

    /** Starts sip-server as the lab starts it in the guest, on a free loopback port, and waits until it answers. */
    private InetSocketAddress startServer() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = free.getLocalPort();
        }
        server = new ProcessBuilder(program.toString(), Integer.toString(port), run.resolve("calls.log").toString(),
                Long.toString(QemuGuest.SIGNALING_WORK_ROUNDS)).redirectError(ProcessBuilder.Redirect.INHERIT)
                // a file, not a pipe: Process.destroy closes its pipes, and the counters are printed after it
                .redirectOutput(run.resolve("counters.json").toFile()).start();
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        byte[] probe = SIGNALING_GUEST.probe();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(100);
            for (int attempt = 0; attempt < 50; attempt++) {
                socket.send(new DatagramPacket(probe, probe.length, address));
                try {
                    DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                    socket.receive(reply);
                    if (SIGNALING_GUEST.answersProbe(reply.getData(), reply.getLength())) {
                        return address;
                    }
                } catch (SocketTimeoutException notYet) {
                    // still starting: probe again
                }
            }
        }
        throw new AssertionError("sip-server did not answer its probe on " + address);
    }

    /** SIGTERM, as the guest's end would send it: the server prints its counters and exits 0. */
    private JsonNode terminate(Process process) throws Exception {
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("sip-server ends on SIGTERM").isTrue();
        assertThat(process.exitValue()).isZero();
        return JSON.readTree(run.resolve("counters.json").toFile());
    }

    /** Each datagram's answers, received until the server stays quiet. */
    private static List<List<String>> exchange(InetSocketAddress server, List<String> datagrams) throws IOException {
        List<List<String>> answers = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(QUIET_MILLIS);
            for (String datagram : datagrams) {
                send(socket, server, datagram);
                List<String> received = new ArrayList<>();
                try {
                    while (true) {
                        received.add(receive(socket));
                    }
                } catch (SocketTimeoutException quiet) {
                    answers.add(received);
                }
            }
        }
        return answers;
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
