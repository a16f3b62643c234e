package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** RFC 3550 section 6.4.1 and appendix A.8. */
class InterarrivalJitterTest {
    /** The RFC's own code in A.8, in RTP timestamp units, as a reference. */
    private static double rfcA8(long[] arrival, long[] rtpTimestamp) {
        double jitter = 0;
        long previousTransit = arrival[0] - rtpTimestamp[0];
        for (int i = 1; i < arrival.length; i++) {
            long transit = arrival[i] - rtpTimestamp[i];
            long d = transit - previousTransit;
            previousTransit = transit;
            if (d < 0) {
                d = -d;
            }
            jitter += (1. / 16.) * ((double) d - jitter);
        }
        return jitter;
    }

    @Test
    void matchesTheRfcReferenceOnAnIrregularSequence() {
        long[] rtp = {0, 160, 320, 480, 640, 800, 960, 1120};
        long[] arrival = {50, 215, 366, 540, 690, 845, 1030, 1170};
        double jitter = 0;
        for (int i = 1; i < rtp.length; i++) {
            jitter = InterarrivalJitter.next(jitter, arrival[i - 1] - rtp[i - 1], arrival[i] - rtp[i]);
        }
        assertThat(jitter).isCloseTo(rfcA8(arrival, rtp), within(1e-12));
    }

    @Test
    void isZeroForConstantTransitTime() {
        double jitter = 0;
        for (int i = 0; i < 100; i++) {
            jitter = InterarrivalJitter.next(jitter, 777, 777);
        }
        assertThat(jitter).isZero();
    }

    @Test
    void convergesToTheTransitSwingWhenItAlternates() {
        double jitter = 0;
        long transit = 0;
        for (int i = 0; i < 500; i++) {
            long next = i % 2 == 0 ? 400 : 0;
            jitter = InterarrivalJitter.next(jitter, transit, next);
            transit = next;
        }
        assertThat(jitter).isCloseTo(400, within(0.01));
    }

    @Test
    void firstStepIsOneSixteenthOfTheDifference() {
        assertThat(InterarrivalJitter.next(0, 1000, 1160)).isEqualTo(10.0);
        assertThat(InterarrivalJitter.next(0, 1160, 1000)).as("sign does not matter").isEqualTo(10.0);
    }
}
