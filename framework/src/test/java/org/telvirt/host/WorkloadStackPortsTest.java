package org.telvirt.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadStackPortsTest {
    @TempDir
    Path directory;

    /**
     * 2,000 probes of the kernel's ~28,000 ephemeral ports would repeat a port dozens of times by chance (the probes
     * close their sockets); a run's programs must still never be handed one port twice.
     */
    @Test
    void neverGivesOutOnePortTwice() {
        try (WorkloadStack stack = new WorkloadStack(ProgramLauncher.PLAIN, directory)) {
            List<Integer> ports = IntStream.range(0, 2000).mapToObj(probe -> stack.freeUdpAddress())
                    .map(InetSocketAddress::getPort).toList();

            assertThat(ports).doesNotHaveDuplicates();
        }
    }
}
