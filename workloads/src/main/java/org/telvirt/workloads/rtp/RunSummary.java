package org.telvirt.workloads.rtp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.HdrHistogram.Histogram;

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

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

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

    public static RunSummary read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), RunSummary.class);
        } catch (IOException e) {
            throw new IOException("cannot read run summary " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the JSON atomically: readers see the old file or the whole new one, never a part. */
    public void write(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, absolute.getFileName().toString(), ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The summary as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
