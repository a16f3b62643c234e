package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendScheduleTest {
    @Test
    void phasesStreamsEvenlyAcrossThePeriod() {
        SendSchedule schedule = new SendSchedule(800);
        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(1)).isEqualTo(25_000);
        assertThat(schedule.offsetNanos(799)).isEqualTo(19_975_000);
        assertThat(schedule.intendedNanos(5, 3)).isEqualTo(3 * 20_000_000L + 5 * 25_000L);
    }

    @Test
    void slotsRunInSendOrderWithEveryStreamOncePerPeriod() {
        SendSchedule schedule = new SendSchedule(3);
        long previous = -1;
        for (long slot = 0; slot < 30; slot++) {
            long at = schedule.slotNanos(slot);
            assertThat(at).isGreaterThan(previous);
            previous = at;
        }
        assertThat(schedule.streamOfSlot(7)).isEqualTo(1);
        assertThat(schedule.packetIndexOfSlot(7)).isEqualTo(2);
        assertThat(schedule.slotNanos(7)).isEqualTo(schedule.intendedNanos(1, 2));
    }

    @Test
    void findsTheFirstSlotAndPacketAtABoundary() {
        SendSchedule schedule = new SendSchedule(4);
        long warmup = 1_000_000_000L;
        long slot = schedule.firstSlotAtOrAfter(warmup);
        assertThat(schedule.slotNanos(slot)).isGreaterThanOrEqualTo(warmup);
        assertThat(schedule.slotNanos(slot - 1)).isLessThan(warmup);
        assertThat(schedule.firstSlotAtOrAfter(warmup + 1)).isEqualTo(slot + 1);
        assertThat(schedule.firstPacketAtOrAfter(0, warmup)).isEqualTo(50);
        assertThat(schedule.firstPacketAtOrAfter(1, warmup)).as("stream 1 starts 5 ms later").isEqualTo(50);
        assertThat(schedule.firstPacketAtOrAfter(1, warmup + 5_000_001)).isEqualTo(51);
        assertThat(schedule.firstPacketAtOrAfter(3, 0)).isZero();
    }

    @Test
    void delayIsMeasuredFromTheIntendedSendTimeSoSenderLatenessCounts() {
        long intended = 5_000_000_000L;
        long sentLate = intended + 3_000_000;
        long arrival = sentLate + 120_000;

        assertThat(SendSchedule.delayMicros(intended, arrival)).isEqualTo(3_120);
        assertThat(SendSchedule.delayMicros(sentLate, arrival)).as("what a send-time stamp would hide").isEqualTo(120);
    }

    @Test
    void delayRoundsToTheNearestMicrosecondAndNeverGoesNegative() {
        assertThat(SendSchedule.delayMicros(0, 1_499)).isEqualTo(1);
        assertThat(SendSchedule.delayMicros(0, 1_500)).isEqualTo(2);
        assertThat(SendSchedule.delayMicros(10_000, 9_000)).isZero();
    }

    @Test
    void rejectsAnEmptySchedule() {
        assertThatThrownBy(() -> new SendSchedule(0)).hasMessageContaining("streams");
    }
}
