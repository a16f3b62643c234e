package org.telvirt.workloads.rtp;

/** RFC 3550 section 6.4.1 / appendix A.8: the interarrival jitter estimate. */
public final class InterarrivalJitter {
    private InterarrivalJitter() {
    }

    /**
     * One step of {@code J(i) = J(i-1) + (|D(i-1,i)| - J(i-1)) / 16}, where D is the change in
     * transit time (arrival minus RTP timestamp, both in the same unit) between consecutive arrivals.
     */
    public static double next(double jitter, long previousTransit, long transit) {
        long d = Math.abs(transit - previousTransit);
        return jitter + (d - jitter) / 16.0;
    }
}
