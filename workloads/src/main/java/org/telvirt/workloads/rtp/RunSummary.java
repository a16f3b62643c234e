package org.telvirt.workloads.rtp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.io.JsonFiles;

/**
 * The result of one {@code rtp-client} run, as written to its summary JSON. Field names are a
 * contract with the framework and other tools; the warm-up is excluded from every figure.
 * {@code packetsReceived} counts first arrivals only, so {@code packetsSent = packetsReceived +
 * packetsLost}. Jitter is the RFC 3550 estimate per stream: {@code mean} averages each stream's
 * mean estimate over the streams, {@code max} is the largest estimate any stream reached.
 */
@JsonPropertyOrder({"streams", "durationSeconds", "packetsSent", "packetsReceived", "packetsLost", "lossPercent",
    "duplicates", "reordered", "malformedReceived", "delayMicros", "jitterMicros", "sendLatenessMicros"})
public record RunSummary(
        int streams,
        double durationSeconds,
        long packetsSent,
        long packetsReceived,
        long packetsLost,
        double lossPercent,
        long duplicates,
        long reordered,
        long malformedReceived,
        DelayMicros delayMicros,
        JitterMicros jitterMicros,
        SendLatenessMicros sendLatenessMicros) {

    /** Round-trip delay from the intended send time. */
    @JsonPropertyOrder({"min", "p50", "p90", "p99", "p999", "max"})
    public record DelayMicros(long min, long p50, long p90, long p99, long p999, long max) {
        public static DelayMicros of(Histogram histogram) {
            return new DelayMicros(histogram.getMinValue(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
                    histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }
    }

    @JsonPropertyOrder({"mean", "max"})
    public record JitterMicros(double mean, double max) {
    }

    /** How late the sender put packets on the wire, against the schedule. */
    @JsonPropertyOrder({"p50", "p99", "max"})
    public record SendLatenessMicros(long p50, long p99, long max) {
        public static SendLatenessMicros of(Histogram histogram) {
            return new SendLatenessMicros(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                    histogram.getMaxValue());
        }
    }

    /** Builds a summary from counts and the run's histograms; loss follows from the counts. */
    public static RunSummary of(int streams, double durationSeconds, long packetsSent, long packetsReceived,
            long duplicates, long reordered, long malformedReceived, JitterMicros jitter, RunHistograms histograms) {
        long lost = packetsSent - packetsReceived;
        return new RunSummary(streams, durationSeconds, packetsSent, packetsReceived, lost,
                lossPercent(lost, packetsSent), duplicates, reordered, malformedReceived,
                DelayMicros.of(histograms.delayMicros()), jitter,
                SendLatenessMicros.of(histograms.sendLatenessMicros()));
    }

    /**
     * Joins the summaries of several generators that ran the same schedule side by side: counts
     * add up, jitter means are weighted by streams, and every percentile comes from
     * {@code histograms}, the sum of the generators' {@code .hlog}s ({@link RunHistograms#readAll}).
     */
    public static RunSummary merge(List<RunSummary> parts, RunHistograms histograms) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        int streams = 0;
        double duration = 0;
        long sent = 0;
        long received = 0;
        long duplicates = 0;
        long reordered = 0;
        long malformed = 0;
        double weightedJitter = 0;
        double maxJitter = 0;
        for (RunSummary part : parts) {
            streams += part.streams;
            duration = Math.max(duration, part.durationSeconds);
            sent += part.packetsSent;
            received += part.packetsReceived;
            duplicates += part.duplicates;
            reordered += part.reordered;
            malformed += part.malformedReceived;
            weightedJitter += part.jitterMicros.mean * part.streams;
            maxJitter = Math.max(maxJitter, part.jitterMicros.max);
        }
        return of(streams, duration, sent, received, duplicates, reordered, malformed,
                new JitterMicros(streams == 0 ? 0 : weightedJitter / streams, maxJitter), histograms);
    }

    public static double lossPercent(long lost, long sent) {
        return sent == 0 ? 0 : 100.0 * lost / sent;
    }

    /** Reads a summary; unknown or missing fields are errors. */
    public static RunSummary read(Path file) throws IOException {
        return JsonFiles.read(file, RunSummary.class);
    }

    /** Writes the JSON atomically (temporary file, then rename): readers see the old file or the whole new one. */
    public void write(Path file) throws IOException {
        JsonFiles.writeAtomically(file, this);
    }

    /** The summary as one line of JSON. */
    public String toJson() {
        return JsonFiles.toLine(this);
    }
}
