package org.telvirt.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telvirt.GeneratorShare;

/**
 * Where a run's results landed: the client's summary JSON, HdrHistogram log and per-stream CSV (merged, when
 * several generators sent the streams), the signaling client's summary when the workload placed calls, figures the
 * host collected on the side (relay counters, scheduler statistics) by name, and each generator's own part.
 */
public record Measurement(Path summaryFile, Path histogramLog, Path perStreamCsv, Optional<Path> signalingSummary,
                          Map<String, String> hostStatistics, List<GeneratorShare> generators) {
    /** The per-stream CSV's name in a run's (and a generator's) directory. */
    public static final String PER_STREAM_CSV = "streams.csv";
    /** The signaling client's summary's name in a run's directory. */
    public static final String SIGNALING_SUMMARY = "signaling-summary.json";

    public Measurement {
        generators = List.copyOf(generators);
    }

    /** One client on this machine sent every stream; no calls measured. */
    public Measurement(Path summaryFile, Path histogramLog, Path perStreamCsv, Map<String, String> hostStatistics) {
        this(summaryFile, histogramLog, perStreamCsv, Optional.empty(), hostStatistics, List.of());
    }

    public Measurement withHostStatistics(Map<String, String> statistics) {
        return new Measurement(summaryFile, histogramLog, perStreamCsv, signalingSummary, statistics, generators);
    }

    public Measurement withSignalingSummary(Path summary) {
        return new Measurement(summaryFile, histogramLog, perStreamCsv, Optional.of(summary), hostStatistics,
                generators);
    }
}
