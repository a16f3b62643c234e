package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Generators on several hosts share one start time; one that is ready too late says so instead of sending off-schedule. */
class CommonStartTest {
    @Test
    void aStartTimeThatHasAlreadyPassedFailsTheRunBeforeAnythingIsSent() {
        RtpClient client = new RtpClient(new RtpClient.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9),
                2, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, null, 2, 0, 65_536), System.err);

        assertThatThrownBy(() -> client.run(null, Instant.now().minusSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("passed")
                .hasMessageContaining("before the client was ready to send");
    }

    @Test
    void aNotBeforeTimeThatHasPassedStartsAtOnceAndOneAheadWaitsForIt() throws Exception {
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        RtpClient late = new RtpClient(new RtpClient.Options(nobody, 2, Duration.ofMillis(200), Duration.ZERO,
                Duration.ZERO, null, 2, 1, 65_536, 0, 0), null);
        assertThat(late.run(null, Instant.now().minusSeconds(5), true).packetsSent()).isEqualTo(2 * 10);

        RtpClient early = new RtpClient(new RtpClient.Options(nobody, 2, Duration.ofMillis(200), Duration.ZERO,
                Duration.ZERO, null, 2, 1, 65_536, 0, 0), null);
        long started = System.nanoTime();
        early.run(null, Instant.now().plusMillis(700), true);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700 + 200));
    }
}
