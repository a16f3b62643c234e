package org.telvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;
import org.telvirt.workloads.signaling.SignalingClient;

/** Made-up runs with per-stream results and calls, for the telephony figures, limits and assertions. */
final class TelephonyRuns {
    static final int PACKETS_PER_STREAM = 1000;

    private TelephonyRuns() {
    }

    /**
     * {@code streams} streams of {@value #PACKETS_PER_STREAM} packets; stream i loses {@code lostByStream[i]} packets
     * in bursts of {@code burst}; every packet back takes {@code roundTripMicros}, the mean jitter is
     * {@code jitterMicros}.
     */
    static MediaRun run(long roundTripMicros, double jitterMicros, long[] lostByStream, long burst,
            Optional<SignalingClient.Summary> calls) {
        List<StreamResult> streams = new ArrayList<>();
        long lost = 0;
        for (int stream = 0; stream < lostByStream.length; stream++) {
            long streamLost = lostByStream[stream];
            lost += streamLost;
            streams.add(new StreamResult(stream, stream, PACKETS_PER_STREAM, PACKETS_PER_STREAM - streamLost,
                    streamLost, 0, 0, jitterMicros, jitterMicros, (streamLost + burst - 1) / burst,
                    Math.min(streamLost, burst)));
        }
        long sent = (long) PACKETS_PER_STREAM * lostByStream.length;
        Histogram delays = new Histogram(3);
        if (sent > lost) {
            delays.recordValueWithCount(roundTripMicros, sent - lost);
        }
        RunSummary.DelayMicros delay = new RunSummary.DelayMicros(roundTripMicros, roundTripMicros, roundTripMicros,
                roundTripMicros, roundTripMicros, roundTripMicros);
        RunSummary summary = new RunSummary(lostByStream.length, 20, sent, sent - lost, lost,
                RunSummary.lossPercent(lost, sent), 0, 0, 0, delay, new RunSummary.JitterMicros(jitterMicros, jitterMicros),
                new RunSummary.SendLatenessMicros(0, 0, 0), List.of(new RunSummary.Second(sent, lost)));
        Configuration configuration = Figure.CAPS.configuration("D");
        return new MediaRun(configuration, "emulated", configuration.workload(), List.of(), List.of(), summary, delays,
                Map.of(), List.of(), Path.of("target"), Duration.ZERO, streams, calls);
    }

    /** A run of ten clean streams with a 2 ms round trip and no jitter. */
    static MediaRun clean() {
        return run(2_000, 0, new long[10], 1, Optional.of(calls(0, 5)));
    }

    /** What the signaling client reports of 600 calls, {@code failed} of them failed, set up in {@code setupMillis}. */
    static SignalingClient.Summary calls(long failed, double setupMillis) {
        return new SignalingClient.Summary(600, 600 - failed, failed, 5400, 5400, 0,
                new SignalingClient.SetupMillis(setupMillis / 2, setupMillis, setupMillis));
    }
}
