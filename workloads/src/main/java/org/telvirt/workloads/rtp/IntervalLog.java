package org.telvirt.workloads.rtp;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * A {@code .hlog} interval by interval, in the order written. The client writes one delay interval
 * (untagged) and one sender-lateness interval (tagged {@value RunHistograms#SEND_LATENESS_TAG}) a
 * second, from the first second after the warm-up through the drain, so the k-th delay interval holds
 * the arrivals of the run's k-th measured second. Generators that ran one schedule merge interval by
 * interval, so a merged log keeps its seconds as a client's own does.
 */
public final class IntervalLog {
    private final List<Histogram> delayMicros;
    private final List<Histogram> sendLatenessMicros;

    private IntervalLog(List<Histogram> delayMicros, List<Histogram> sendLatenessMicros) {
        this.delayMicros = delayMicros;
        this.sendLatenessMicros = sendLatenessMicros;
    }

    public static IntervalLog read(Path histogramLog) throws IOException {
        if (!Files.isRegularFile(histogramLog)) {
            throw new FileNotFoundException("no histogram log at " + histogramLog);
        }
        List<Histogram> delays = new ArrayList<>();
        List<Histogram> lateness = new ArrayList<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(histogramLog.toFile());
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null) {
                if (!(interval instanceof Histogram histogram)) {
                    throw new IOException(histogramLog + " holds a double histogram; expected integer microseconds");
                }
                (RunHistograms.SEND_LATENESS_TAG.equals(histogram.getTag()) ? lateness : delays).add(histogram);
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read histogram log " + histogramLog + ": " + e.getMessage(), e);
        }
        return new IntervalLog(delays, lateness);
    }

    /** The logs of generators that shared one start: the k-th interval of each added into the k-th of the result. */
    public static IntervalLog merge(List<IntervalLog> parts) {
        List<Histogram> delays = new ArrayList<>();
        List<Histogram> lateness = new ArrayList<>();
        for (IntervalLog part : parts) {
            addIntervals(delays, part.delayMicros);
            addIntervals(lateness, part.sendLatenessMicros);
        }
        return new IntervalLog(delays, lateness);
    }

    private static void addIntervals(List<Histogram> sum, List<Histogram> part) {
        for (int i = 0; i < part.size(); i++) {
            Histogram added = part.get(i);
            if (i == sum.size()) {
                sum.add(added.copy());
                continue;
            }
            Histogram interval = sum.get(i);
            long start = Math.min(interval.getStartTimeStamp(), added.getStartTimeStamp());
            long end = Math.max(interval.getEndTimeStamp(), added.getEndTimeStamp());
            interval.add(added);
            interval.setStartTimeStamp(start);
            interval.setEndTimeStamp(end);
        }
    }

    /** The delay intervals in order, in microseconds: one per measured second, then the drain's. */
    public List<Histogram> delayMicros() {
        return Collections.unmodifiableList(delayMicros);
    }

    /** Every interval added up: the run's two distributions. */
    public RunHistograms totals() {
        RunHistograms totals = RunHistograms.empty();
        delayMicros.forEach(totals.delayMicros()::add);
        sendLatenessMicros.forEach(totals.sendLatenessMicros()::add);
        return totals;
    }

    /** Writes the intervals as the client does, delay then lateness for each, whole or not at all. */
    public void write(Path histogramLog) throws IOException {
        long startEpochMillis = delayMicros.stream().mapToLong(Histogram::getStartTimeStamp).min().orElse(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.setBaseTime(startEpochMillis);
            writer.outputStartTime(startEpochMillis);
            writer.outputLegend();
            for (int i = 0; i < Math.max(delayMicros.size(), sendLatenessMicros.size()); i++) {
                if (i < delayMicros.size()) {
                    delayMicros.get(i).setTag(null);
                    writer.outputIntervalHistogram(delayMicros.get(i));
                }
                if (i < sendLatenessMicros.size()) {
                    sendLatenessMicros.get(i).setTag(RunHistograms.SEND_LATENESS_TAG);
                    writer.outputIntervalHistogram(sendLatenessMicros.get(i));
                }
            }
        }
        AtomicFiles.write(histogramLog, bytes.toByteArray());
    }
}
