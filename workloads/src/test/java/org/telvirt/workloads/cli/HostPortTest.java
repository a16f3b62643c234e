package org.telvirt.workloads.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesIpv4Ipv6AndNames() {
        assertThat(HostPort.parse("127.0.0.1:4000")).isEqualTo(new InetSocketAddress("127.0.0.1", 4000));
        assertThat(HostPort.parse("[::1]:4000")).isEqualTo(new InetSocketAddress("::1", 4000));
        assertThat(HostPort.parse("localhost:0").getPort()).isZero();
        assertThat(HostPort.parse("127.0.0.2", 0)).isEqualTo(new InetSocketAddress("127.0.0.2", 0));
        InetSocketAddress ipv6 = HostPort.parse("[::1]:9");
        assertThat(HostPort.parse(HostPort.format(ipv6))).as("format reads back").isEqualTo(ipv6);
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1")).hasMessageContaining("port is missing");
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:70000")).hasMessageContaining("'70000'");
        assertThatThrownBy(() -> HostPort.parse(":80")).hasMessageContaining("no host");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("[ADDRESS]:PORT");
        assertThatThrownBy(() -> HostPort.parse("no-such-host.invalid:80")).hasMessageContaining("unknown host");
    }

    @Test
    void parsesDurationsWithUnits() {
        assertThat(Converters.parseDuration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Converters.parseDuration("20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Converters.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Converters.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Converters.parseDuration("40us")).isEqualTo(Duration.ofNanos(40_000));
        assertThat(Converters.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Converters.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Converters.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> Converters.parseDuration("ten")).hasMessageContaining("'ten' is not a duration");
        assertThatThrownBy(() -> Converters.parseDuration("-1s")).hasMessageContaining("'-1s'");
    }
}
