package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telvirt.workloads.rtp.ReceptionLedger.DUPLICATE;
import static org.telvirt.workloads.rtp.ReceptionLedger.IN_ORDER;
import static org.telvirt.workloads.rtp.ReceptionLedger.REORDERED;
import static org.telvirt.workloads.rtp.ReceptionLedger.TOO_LATE;

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
}
