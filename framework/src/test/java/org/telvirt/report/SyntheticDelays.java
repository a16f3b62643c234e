package org.telvirt.report;

import java.util.Random;

import org.HdrHistogram.Histogram;

/** Log-normal round-trip delays, reproducible from a seed: stand-ins for measured histograms in unit tests. */
final class SyntheticDelays {
    private SyntheticDelays() {
    }

    static Histogram histogram(long seed, double medianMicros, double sigma, int samples) {
        Random random = new Random(seed);
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < samples; i++) {
            long micros = Math.max(1, Math.round(medianMicros * Math.exp(sigma * random.nextGaussian())));
            histogram.recordValue(micros);
        }
        return histogram;
    }

    static DelayRow row(String id, int streams, double lossPercent, long seed, double medianMicros, double sigma) {
        Histogram delays = histogram(seed, medianMicros, sigma, 10_000);
        long sent = Math.round(delays.getTotalCount() / (1 - lossPercent / 100));
        return DelayRow.measured(id, streams, sent, lossPercent, delays);
    }
}
