package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telvirt.workloads.rtp.ReceptionLedger.DUPLICATE;
import static org.telvirt.workloads.rtp.ReceptionLedger.IN_ORDER;
import static org.telvirt.workloads.rtp.ReceptionLedger.REORDERED;
import static org.telvirt.workloads.rtp.ReceptionLedger.TOO_LATE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReceptionLedgerTest {
    private final ReceptionLedger ledger = new ReceptionLedger(3);

    @Test
    void countsInOrderArrivals() {
        for (long i = 0; i < 5000; i++) {
            assertThat(ledger.accept(0, i)).isEqualTo(IN_ORDER);
        }
        assertThat(ledger.unique(0)).isEqualTo(5000);
        assertThat(ledger.duplicates(0)).isZero();
        assertThat(ledger.reordered(0)).isZero();
    }

    @Test
    void aGapIsLossUntilTheMissingPacketArrivesLateAsReordered() {
        ledger.accept(1, 0);
        ledger.accept(1, 1);
        ledger.accept(1, 4);
        long sent = 5;
        assertThat(sent - ledger.unique(1)).as("lost so far").isEqualTo(2);

        assertThat(ledger.accept(1, 2)).isEqualTo(REORDERED);
        assertThat(sent - ledger.unique(1)).isEqualTo(1);
        assertThat(ledger.reordered(1)).isEqualTo(1);
    }

    @Test
    void recognisesDuplicatesInOrderAndOutOfOrder() {
        ledger.accept(2, 10);
        assertThat(ledger.accept(2, 10)).isEqualTo(DUPLICATE);
        ledger.accept(2, 12);
        assertThat(ledger.accept(2, 11)).isEqualTo(REORDERED);
        assertThat(ledger.accept(2, 11)).isEqualTo(DUPLICATE);
        assertThat(ledger.accept(2, 12)).isEqualTo(DUPLICATE);
        assertThat(ledger.unique(2)).isEqualTo(3);
        assertThat(ledger.duplicates(2)).isEqualTo(3);
        assertThat(ledger.reordered(2)).isEqualTo(1);
    }

    @Test
    void aPacketOutsideTheWindowIsTooLateAndStaysLost() {
        ledger.accept(0, 0);
        ledger.accept(0, ReceptionLedger.WINDOW_PACKETS + 5L);

        assertThat(ledger.accept(0, 5)).isEqualTo(TOO_LATE);
        assertThat(ledger.accept(0, 6)).as("just inside the window").isEqualTo(REORDERED);
        assertThat(ledger.unique(0)).isEqualTo(3);
        assertThat(ledger.tooLate(0)).isEqualTo(1);
    }

    @Test
    void aSlotReusedByTheSlidingWindowIsNotMistakenForADuplicate() {
        ledger.accept(0, 3);
        ledger.accept(0, 3 + ReceptionLedger.WINDOW_PACKETS - 1L);
        assertThat(ledger.accept(0, 3 + ReceptionLedger.WINDOW_PACKETS)).as("same bit as packet 3").isEqualTo(IN_ORDER);
        ledger.accept(0, 10 * ReceptionLedger.WINDOW_PACKETS);
        assertThat(ledger.accept(0, 10 * ReceptionLedger.WINDOW_PACKETS - 1L)).as("after a long gap")
                .isEqualTo(REORDERED);
    }

    @Test
    void streamsAreAccountedSeparately() {
        ledger.accept(0, 0);
        assertThat(ledger.accept(1, 0)).isEqualTo(IN_ORDER);
        assertThat(ledger.unique(0)).isEqualTo(1);
        assertThat(ledger.unique(1)).isEqualTo(1);
        assertThat(ledger.unique(2)).isZero();
    }

    @Test
    void jitterFollowsRfc3550AndReportsMeanAndMax() {
        long[] transits = {1000, 1500, 1200, 1200, 3000};
        for (long transit : transits) {
            ledger.recordTransit(0, transit);
        }
        double j1 = (500 - 0) / 16.0;
        double j2 = j1 + (300 - j1) / 16.0;
        double j3 = j2 + (0 - j2) / 16.0;
        double j4 = j3 + (1800 - j3) / 16.0;
        assertThat(ledger.jitterNanos(0)).isCloseTo(j4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ledger.meanJitterNanos(0)).isCloseTo((j1 + j2 + j3 + j4) / 4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ledger.maxJitterNanos(0)).isCloseTo(j4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ledger.hasJitter(1)).isFalse();
    }

    @Test
    void countsLossBurstsAndTheLongestOnceTheStreamIsSettled() {
        // packets 0..19 sent; lost: 2, 5-7, 15-19 (the last burst runs to the end of the stream)
        for (long i : new long[] {0, 1, 3, 4, 8, 9, 10, 11, 12, 13, 14}) {
            ledger.accept(0, i);
        }
        ledger.settle(0, 20);

        assertThat(ledger.lossBursts(0)).isEqualTo(3);
        assertThat(ledger.longestLossBurst(0)).isEqualTo(5);
    }

    @Test
    void aReorderedArrivalSplitsTheBurstItFellInto() {
        ledger.accept(1, 0);
        ledger.accept(1, 5);
        ledger.accept(1, 2);
        ledger.settle(1, 6);

        assertThat(ledger.lossBursts(1)).as("1 and 3-4").isEqualTo(2);
        assertThat(ledger.longestLossBurst(1)).isEqualTo(2);
    }

    @Test
    void packetsBeforeTheStartAreNoLossAndPacketsThatLeftTheWindowAreSettled() {
        ledger.startAt(2, 100);
        ledger.accept(2, 100);
        long resumed = 101 + 3 * ReceptionLedger.WINDOW_PACKETS;
        ledger.accept(2, resumed);

        assertThat(ledger.accept(2, 150)).as("settled as lost when it left the window").isEqualTo(TOO_LATE);
        ledger.settle(2, resumed + 1);
        assertThat(ledger.lossBursts(2)).as("not split by the packet that came too late").isEqualTo(1);
        assertThat(ledger.longestLossBurst(2)).as("101 up to the resumed packet, warm-up packets 0-99 not among them")
                .isEqualTo(resumed - 101);
    }

    @Test
    void burstLengthsAddUpToTheLostPacketsOfAnyArrivalOrder() {
        SplittableRandom random = new SplittableRandom(7);
        long sent = 20_000;
        List<Long> arrivals = new ArrayList<>();
        for (long i = 0; i < sent; i++) {
            if (random.nextInt(100) >= 3) {
                arrivals.add(i);
            }
        }
        for (int i = 0; i + 1 < arrivals.size(); i += 7) {
            Collections.swap(arrivals, i, i + 1);
        }
        long[] lost = new long[(int) sent];
        Arrays.fill(lost, 1);
        for (long index : arrivals) {
            ledger.accept(0, index);
            lost[(int) index] = 0;
        }
        ledger.settle(0, sent);

        long bursts = 0;
        long longest = 0;
        long run = 0;
        for (long packetLost : lost) {
            run = packetLost == 1 ? run + 1 : 0;
            bursts += packetLost == 1 && run == 1 ? 1 : 0;
            longest = Math.max(longest, run);
        }
        assertThat(ledger.lossBursts(0)).isEqualTo(bursts);
        assertThat(ledger.longestLossBurst(0)).isEqualTo(longest);
    }
}
