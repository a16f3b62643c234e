package org.telvirt.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.telvirt.GeneratorShare;

/**
 * Where a run's results landed: the client's summary JSON and HdrHistogram log (merged, when
 * several generators sent the streams), figures the host collected on the side (relay counters,
 * scheduler statistics) by name, and each generator's own part.
 */
public record Measurement(Path summaryFile, Path histogramLog, Map<String, String> hostStatistics,
                          List<GeneratorShare> generators) {
    public Measurement {
        generators = List.copyOf(generators);
    }

    /** One client on this machine sent every stream. */
    public Measurement(Path summaryFile, Path histogramLog, Map<String, String> hostStatistics) {
        this(summaryFile, histogramLog, hostStatistics, List.of());
    }

    public Measurement withHostStatistics(Map<String, String> statistics) {
        return new Measurement(summaryFile, histogramLog, statistics, generators);
    }
}
