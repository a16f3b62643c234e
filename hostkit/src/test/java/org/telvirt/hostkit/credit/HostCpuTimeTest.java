package org.telvirt.hostkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class HostCpuTimeTest {
    @Test
    void busyIsUserNiceSystemIrqSoftirqAndStealNotIdleOrIowait() {
        String stat = "cpu  100 20 30 5000 70 4 6 8 50 0\ncpu0 50 10 15 2500 35 2 3 4 25 0\nintr 1\n";

        assertThat(HostCpuTime.busyNanos(stat)).isEqualTo((100 + 20 + 30 + 4 + 6 + 8) * 10_000_000L);
    }

    @Test
    void aStatWithoutTheAggregateLineIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> HostCpuTime.busyNanos("cpu0 1 2 3 4\n"));
    }
}
