package org.telvirt.hostkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.cgroup.CgroupPaths;
import org.telvirt.hostkit.cgroup.CgroupVersion;

/** The config file the emulated driver writes, and the /proc/net/udp scan, without touching the machine. */
class CreditSchedulerConfigTest {
    private static final CgroupPaths DOM0 = new CgroupPaths(CgroupVersion.V1, "/sys/fs/cgroup/cpu/telvirt-r/dom0",
            "/sys/fs/cgroup/cpuset/telvirt-r/dom0", "/sys/fs/cgroup/freezer/telvirt-r/dom0",
            "/sys/fs/cgroup/cpuacct/telvirt-r/dom0");

    @Test
    void theConfigRoundTripsThroughJsonAndAbsentSettingsTakeTheDefaults(@TempDir Path dir) throws IOException {
        CreditSchedulerConfig config = CreditSchedulerConfig.of(List.of(0, 0, 1, 1), List.of(
                new CreditSchedulerConfig.DomainConfig("dom0", 4, 256, 0, new TreeSet<>(List.of(0, 1, 2, 3)), DOM0)));
        Path file = dir.resolve("credit.json");
        config.write(file);
        assertThat(CreditSchedulerConfig.read(file)).isEqualTo(config);
        assertThat(Files.readString(file)).contains("\"logicalToPhysical\"", "\"tickMicros\" : 10000",
                "\"sliceMicros\" : 30000", "\"ratelimitMicros\" : 1000", "\"capPercent\" : 0");

        Files.writeString(file, "{\"logicalToPhysical\":[0,0,1,1],\"domains\":[{\"name\":\"dom0\",\"vcpus\":4,"
                + "\"weight\":256,\"capPercent\":0,\"affinity\":[0,1,2,3],\"cgroup\":"
                + json(DOM0) + "}]}");
        CreditSchedulerConfig minimal = CreditSchedulerConfig.read(file);
        assertThat(minimal).isEqualTo(config);
    }

    @Test
    void logicalPcpusMapOntoPhysicalCores() {
        CreditSchedulerConfig config = CreditSchedulerConfig.of(List.of(0, 0, 1, 1), List.of(
                new CreditSchedulerConfig.DomainConfig("dom0", 4, 256, 0, new TreeSet<>(List.of(0, 1, 2, 3)), DOM0)));
        assertThat(config.physicalCpus(0b0011)).containsExactly(0);
        assertThat(config.physicalCpus(0b0110)).containsExactly(0, 1);
        assertThat(config.cpuPerLogicalCore()).isEqualTo(0.5);
        assertThat(config.coresArePartsOfCpus()).isTrue();
    }

    @Test
    void aLogicalCoreMayBeASmallerShareOfItsCpuNeverALargerOne() {
        CreditSchedulerConfig config = CreditSchedulerConfig.of(List.of(0, 0, 1, 1), List.of(
                new CreditSchedulerConfig.DomainConfig("dom0", 4, 256, 0, new TreeSet<>(List.of(0, 1, 2, 3)), DOM0)));

        assertThat(config.withCpuPerLogicalCore(0.4).cpuPerLogicalCore()).isEqualTo(0.4);
        assertThatIllegalArgumentException().isThrownBy(() -> config.withCpuPerLogicalCore(0.6))
                .withMessageContaining("cannot be more than its share");
        assertThat(CreditSchedulerConfig.of(List.of(0, 1), config.domains()).coresArePartsOfCpus()).isFalse();
    }

    @Test
    void anInvalidConfigIsAClearError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"logicalToPhysical\":[0],\"domains\":[]}");
        assertThatThrownBy(() -> CreditSchedulerConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessage("credit scheduler config " + file + " is invalid: no domains to schedule");
        Files.writeString(file, "{\"logicalToPhysical\":[0],\"domains\":[{\"name\":\"x\",\"vcpus\":1,\"weight\":0,"
                + "\"capPercent\":0,\"affinity\":[0],\"cgroup\":" + json(DOM0) + "}]}");
        assertThatThrownBy(() -> new CreditScheduler(SchedulerTiming.xenDefaults(), 1,
                CreditSchedulerConfig.read(file).specs(), 0)).hasMessageContaining("weight 0");
    }

    @Test
    void theUdpTableScanFindsQueuedDataOnlyOnTheDomainsSockets() throws IOException {
        String table = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                  617: 00000000000000000000000001000000:9C5D 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0
                  618: 00000000000000000000000001000000:9C5E 00000000000000000000000000000000:0000 07 00000000:00000300 00:00000000 00000000     0        0 5151 2 0000000000000000 0
                """;
        ByteBuffer content = ByteBuffer.wrap(table.getBytes(StandardCharsets.US_ASCII));
        int length = content.capacity();
        try (UdpTable udp = new UdpTable()) {
            assertThat(udp.holdsAny(content, length, new long[] {4242})).isTrue();
            assertThat(udp.holdsAny(content, length, new long[] {99})).isFalse();
            udp.collectQueued(content, length);
            assertThat(udp.anyQueued(new long[] {4242})).isFalse();
            assertThat(udp.anyQueued(new long[] {4242, 5151})).isTrue();
            assertThat(udp.anyQueued(new long[] {99})).isFalse();
            assertThat(udp.anyQueued(new long[0])).isFalse();
        }
    }

    /** The cgroup part of a hand-written config. */
    private static String json(CgroupPaths paths) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(paths);
    }
}
