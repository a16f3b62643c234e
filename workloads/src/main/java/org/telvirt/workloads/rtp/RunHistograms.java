package org.telvirt.workloads.rtp;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * The run's two distributions in microseconds: round-trip delay and the sender's lateness. In the
 * {@code .hlog} the delay intervals are untagged (so {@code HistogramLogProcessor} reads them by
 * default) and the lateness intervals carry the tag {@value #SEND_LATENESS_TAG}. The log is the
 * source of truth for percentiles: merged runs add these histograms, never percentiles.
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
        if (!Files.isRegularFile(histogramLog)) {
            throw new FileNotFoundException("no histogram log at " + histogramLog);
        }
        RunHistograms total = empty();
        try {
            HistogramLogReader reader = new HistogramLogReader(histogramLog.toFile());
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null) {
                if (!(interval instanceof Histogram histogram)) {
                    throw new IOException(histogramLog + " holds a double histogram; expected integer microseconds");
                }
                (SEND_LATENESS_TAG.equals(histogram.getTag()) ? total.sendLatenessMicros : total.delayMicros)
                        .add(histogram);
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read histogram log " + histogramLog + ": " + e.getMessage(), e);
        }
        return total;
    }

    /** Adds up several generators' logs into one pair of distributions. */
    public static RunHistograms readAll(List<Path> histogramLogs) throws IOException {
        RunHistograms total = empty();
        for (Path log : histogramLogs) {
            total.add(read(log));
        }
        return total;
    }

    /**
     * Writes both distributions as one interval each, whole or not at all: the log of runs merged
     * from several generators, read back by {@link #read} like a client's own.
     */
    public void write(Path histogramLog, long startEpochMillis, long endEpochMillis) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputStartTime(startEpochMillis);
            writer.outputLegend();
            writer.outputIntervalHistogram(interval(delayMicros, null, startEpochMillis, endEpochMillis));
            writer.outputIntervalHistogram(interval(sendLatenessMicros, SEND_LATENESS_TAG, startEpochMillis,
                    endEpochMillis));
        }
        AtomicFiles.write(histogramLog, bytes.toByteArray());
    }

    private static Histogram interval(Histogram values, String tag, long startEpochMillis, long endEpochMillis) {
        Histogram interval = values.copy();
        interval.setTag(tag);
        interval.setStartTimeStamp(startEpochMillis);
        interval.setEndTimeStamp(endEpochMillis);
        return interval;
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
