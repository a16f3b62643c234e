package org.telvirt.workloads.rtp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The RTP client's summary of a run (placeholder until the workloads branch lands). */
public record RunSummary(int streams, double durationSeconds, long packetsSent, long packetsReceived, long packetsLost,
                         double lossPercent, long duplicates, long reordered, long malformedReceived,
                         DelayMicros delayMicros, JitterMicros jitterMicros, SendLatenessMicros sendLatenessMicros) {
    public record DelayMicros(long min, long p50, long p90, long p99, long p999, long max) {
    }

    public record JitterMicros(double mean, double max) {
    }

    public record SendLatenessMicros(long p50, long p99, long max) {
    }

    public static RunSummary read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), RunSummary.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read run summary " + file, unreadable);
        }
    }
}
