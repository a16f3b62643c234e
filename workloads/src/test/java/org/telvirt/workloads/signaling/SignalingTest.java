package org.telvirt.workloads.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SignalingTest {
    @TempDir
    Path callLog;

    @Test
    void everyCallIsSetUpHeldAndTornDownWithADurableRecord() throws Exception {
        try (SignalingServer server = new SignalingServer(new InetSocketAddress("127.0.0.1", 0), 100, callLog, System.err)
                .start()) {
            SignalingClient.Summary summary = new SignalingClient(new SignalingClient.Options(server.localAddress(), 20,
                    Duration.ofMillis(600), Duration.ofSeconds(2), Duration.ofSeconds(5))).run(null);

            assertThat(summary.callsAttempted()).isEqualTo(40);
            assertThat(summary.callsCompleted()).isEqualTo(40);
            assertThat(summary.callsFailed()).isZero();
            assertThat(summary.malformedReceived()).isZero();
            assertThat(summary.setupMillis().p50()).isPositive();
            assertThat(summary.setupMillis().max()).isGreaterThanOrEqualTo(summary.setupMillis().p99());
            assertThat(summary.messagesSent() + summary.messagesReceived()).as("about ten messages per call")
                    .isBetween(40L * 7, 40L * 10);
            List<String> records = Files.readAllLines(server.callLog());
            assertThat(records).hasSize(40).allMatch(line -> line.matches("\\d+ \\S+@telvirt durationMillis=\\d+"));
            assertThat(server.stats().callsEnded()).isEqualTo(40);
        }
    }

    @Test
    void endingTheCallsEarlyHangsUpEveryCallThenDrains() throws Exception {
        try (SignalingServer server = new SignalingServer(new InetSocketAddress("127.0.0.1", 0), 0, callLog, System.err)
                .start()) {
            SignalingClient client = new SignalingClient(new SignalingClient.Options(server.localAddress(), 20,
                    Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5)));
            Thread ender = new Thread(() -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                client.endCallsNow();
            });
            ender.start();
            long started = System.nanoTime();

            SignalingClient.Summary summary = client.run(null);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 60 s duration")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(summary.callsAttempted()).as("20 a second for about a second").isBetween(15L, 30L);
            assertThat(summary.callsCompleted()).as("every call up was hung up").isEqualTo(summary.callsAttempted());
            assertThat(server.stats().callsEnded()).isEqualTo(summary.callsAttempted());
        }
    }

    @Test
    void serverCountsGarbageAndKeepsAnswering() throws Exception {
        try (SignalingServer server = new SignalingServer(new InetSocketAddress("127.0.0.1", 0), 0, callLog, System.err)
                .start();
             DatagramChannel peer = DatagramChannel.open()) {
            peer.connect(server.localAddress());
            List<String> garbage = List.of("hello", "INVITE\r\n\r\n",
                    "SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n",
                    "INVITE sip:media@telvirt SIP/2.0\r\nCSeq: one INVITE\r\nCall-ID: y\r\n\r\n",
                    "BYE sip:media@telvirt SIP/2.0\r\nCall-ID: z\r\nCSeq: 2 INVITE\r\n\r\n");
            for (String datagram : garbage) {
                peer.write(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.US_ASCII)));
            }
            peer.write(ByteBuffer.wrap(SipMessage.request(SipMessage.INVITE, "call-1", 1).encode()));

            ByteBuffer answer = ByteBuffer.allocate(1024);
            peer.read(answer);
            SipMessage trying = SipMessage.parse(answer.array(), answer.position()).orElseThrow();
            assertThat(trying.status()).isEqualTo(100);
            assertThat(trying.callId()).isEqualTo("call-1");
            assertThat(server.stats().malformedReceived()).isEqualTo(garbage.size());
        }
    }

    @Test
    void messagesRoundTripThroughTheirTextForm() {
        SipMessage invite = SipMessage.request(SipMessage.INVITE, "abc@telvirt", 7);
        SipMessage ok = SipMessage.response(200, "OK", invite);
        byte[] inviteText = invite.encode();
        byte[] okText = ok.encode();

        assertThat(new String(inviteText, StandardCharsets.US_ASCII))
                .startsWith("INVITE sip:media@telvirt SIP/2.0\r\nCall-ID: abc@telvirt\r\nCSeq: 7 INVITE\r\n");
        assertThat(SipMessage.parse(inviteText, inviteText.length)).contains(invite);
        assertThat(SipMessage.parse(okText, okText.length)).contains(ok);
        assertThat(SipMessage.parse(okText, 10)).as("truncated").isEmpty();
    }
}
