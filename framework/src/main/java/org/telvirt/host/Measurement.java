package org.telvirt.host;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a run's results landed: the client's summary JSON and HdrHistogram log, and figures the
 * host collected on the side (relay counters, scheduler statistics), by name.
 */
public record Measurement(Path summaryFile, Path histogramLog, Map<String, String> hostStatistics) {
}
