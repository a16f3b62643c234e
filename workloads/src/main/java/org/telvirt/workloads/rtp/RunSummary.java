package org.telvirt.workloads.rtp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.io.JsonFiles;

/**
 * The result of one {@code rtp-client} run, as written to its summary JSON. Field names are a
 * contract with the framework and other tools; the warm-up is excluded from every figure.
 * {@code packetsReceived} counts first arrivals only, so {@code packetsSent = packetsReceived +
 * packetsLost}. Jitter is the RFC 3550 estimate per stream: {@code mean} averages each stream's
 * mean estimate over the streams, {@code max} is the largest estimate any stream reached.
 * {@code seconds} holds each measured second's packets by <em>intended</em> send time, from the first
 * second after the warm-up: the unit a finding is judged on (docs/findings.md); the totals are their sums.
 */
@JsonPropertyOrder({"streams", "durationSeconds", "packetsSent", "packetsReceived", "packetsLost", "lossPercent",
    "duplicates", "reordered", "malformedReceived", "delayMicros", "jitterMicros", "sendLatenessMicros", "seconds"})
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
        SendLatenessMicros sendLatenessMicros,
        List<Second> seconds) {

    public RunSummary {
        seconds = List.copyOf(seconds);
    }

    /**
     * One measured second: the packets whose intended send time falls in it, and how many of those never came back.
     * Counted by send time, not arrival: a packet still in flight at a second's end belongs to the second it left in.
     */
    @JsonPropertyOrder({"sent", "lost"})
    public record Second(long sent, long lost) {
    }

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

    /** Builds a summary from the measured seconds and the run's histograms; the totals and loss follow from the seconds. */
    public static RunSummary of(int streams, double durationSeconds, List<Second> seconds, long duplicates,
            long reordered, long malformedReceived, JitterMicros jitter, RunHistograms histograms) {
        long sent = 0;
        long lost = 0;
        for (Second second : seconds) {
            sent += second.sent;
            lost += second.lost;
        }
        return new RunSummary(streams, durationSeconds, sent, sent - lost, lost, lossPercent(lost, sent), duplicates,
                reordered, malformedReceived, DelayMicros.of(histograms.delayMicros()), jitter,
                SendLatenessMicros.of(histograms.sendLatenessMicros()), seconds);
    }

    /**
     * Joins the summaries of several generators that ran the same schedule side by side: counts
     * add up (each measured second with the same second of the others: they share one start), jitter
     * means are weighted by streams, and every percentile comes from {@code histograms}, the sum of
     * the generators' {@code .hlog}s ({@link IntervalLog#merge}).
     */
    public static RunSummary merge(List<RunSummary> parts, RunHistograms histograms) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        int streams = 0;
        double duration = 0;
        List<Second> seconds = new ArrayList<>();
        long duplicates = 0;
        long reordered = 0;
        long malformed = 0;
        double weightedJitter = 0;
        double maxJitter = 0;
        for (RunSummary part : parts) {
            streams += part.streams;
            duration = Math.max(duration, part.durationSeconds);
            addSeconds(seconds, part.seconds);
            duplicates += part.duplicates;
            reordered += part.reordered;
            malformed += part.malformedReceived;
            weightedJitter += part.jitterMicros.mean * part.streams;
            maxJitter = Math.max(maxJitter, part.jitterMicros.max);
        }
        return of(streams, duration, seconds, duplicates, reordered, malformed,
                new JitterMicros(streams == 0 ? 0 : weightedJitter / streams, maxJitter), histograms);
    }

    private static void addSeconds(List<Second> sum, List<Second> part) {
        for (int i = 0; i < part.size(); i++) {
            Second added = part.get(i);
            if (i == sum.size()) {
                sum.add(added);
            } else {
                Second earlier = sum.get(i);
                sum.set(i, new Second(earlier.sent + added.sent, earlier.lost + added.lost));
            }
        }
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
