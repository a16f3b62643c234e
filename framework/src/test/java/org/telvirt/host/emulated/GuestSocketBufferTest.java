package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestSocketBufferTest {
    @Test
    void holdsTheGuestsDatagramsScaledAsTheStreamsAre() {
        // 800 datagrams at the paper's scale x 0.15 = 120 of 832 bytes, halved because the kernel doubles SO_RCVBUF:
        // 20 ms of the scaled mixed workload's 120 streams
        assertThat(EmulatedDomains.guestSocketBufferBytes(0.15)).isEqualTo(120 * 832 / 2);
    }

    @Test
    void neverAsksForLessThanTheSmallestBufferTheProgramsAccept() {
        assertThat(EmulatedDomains.guestSocketBufferBytes(0.001)).isEqualTo(4096);
    }
}
