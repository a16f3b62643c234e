package org.telvirt.workloads.rtp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The run's two distributions in microseconds: round-trip delay and the sender's lateness. In the
 * {@code .hlog} the delay intervals are untagged (so {@code HistogramLogProcessor} reads them by
 * default) and the lateness intervals carry the tag {@value #SEND_LATENESS_TAG} ({@link IntervalLog}).
 * The log is the source of truth for percentiles: merged runs add these histograms, never percentiles.
 */
public final class RunHistograms {
    public static final String SEND_LATENESS_TAG = "sendLateness";
    /** One hour: anything slower is clamped to it rather than lost from the count. */
    public static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram delayMicros;
    private final Histogram sendLatenessMicros;

    private RunHistograms(Histogram delayMicros, Histogram sendLatenessMicros) {
        this.delayMicros = delayMicros;
        this.sendLatenessMicros = sendLatenessMicros;
    }

    public static RunHistograms empty() {
        return new RunHistograms(newHistogram(), newHistogram());
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    /** A value for these histograms: anything above the highest trackable value counts as that value. */
    public static long clampMicros(long micros) {
        return Math.min(micros, HIGHEST_TRACKABLE_MICROS);
    }

    /** Adds up every interval of one {@code .hlog}. */
    public static RunHistograms read(Path histogramLog) throws IOException {
        return IntervalLog.read(histogramLog).totals();
    }

    /** Adds up several generators' logs into one pair of distributions. */
    public static RunHistograms readAll(List<Path> histogramLogs) throws IOException {
        RunHistograms total = empty();
        for (Path log : histogramLogs) {
            total.add(read(log));
        }
        return total;
    }

    public void add(RunHistograms other) {
        delayMicros.add(other.delayMicros);
        sendLatenessMicros.add(other.sendLatenessMicros);
    }

    public Histogram delayMicros() {
        return delayMicros;
    }

    public Histogram sendLatenessMicros() {
        return sendLatenessMicros;
    }
}
