package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.telvirt.Workload;

class GuestSocketBufferTest {
    @Test
    void holdsTwentyMillisecondsOfTheRunsPackets() {
        Workload scaledMixed = new Workload(120, 8, 3, 10, 2, 10, 60, 2);

        // 120 streams x 50 packets/s x 20 ms = 120 datagrams of 832 bytes, halved because the kernel doubles SO_RCVBUF
        assertThat(EmulatedRun.guestSocketBufferBytes(scaledMixed)).isEqualTo(120 * 832 / 2);
    }

    @Test
    void neverAsksForLessThanTheSmallestBufferTheProgramsAccept() {
        Workload oneStream = new Workload(1, 8, 3, 10, 2, 0, 60, 0);

        assertThat(EmulatedRun.guestSocketBufferBytes(oneStream)).isEqualTo(4096);
    }
}
