package org.telvirt;

import java.util.List;

/**
 * Runs configurations on the selected host on a test's request, with the same lifecycle as
 * {@link TelephonyExperiment}; a configuration this JVM already measured on the same host is reused. Injected into
 * the tests of a {@link TelephonyLab} class.
 */
public interface Lab {
    /** {@code -Dtelvirt.comparisonRuns=N}: how many runs of each configuration {@link #measureRepeatedly} judges. */
    String COMPARISON_RUNS_PROPERTY = "telvirt.comparisonRuns";
    /** Three: a median that one run's burst cannot move. */
    int DEFAULT_COMPARISON_RUNS = 3;

    /** Runs the configuration at the host's stream scale, or returns this JVM's earlier run of it. */
    MediaRun measure(Configuration asked);

    /** A figure's column. */
    default MediaRun measure(Figure figure, String configurationId) {
        return measure(figure.configuration(configurationId));
    }

    /** Every listed column of a figure, in order. */
    default List<MediaRun> measure(Figure figure, String... configurationIds) {
        return List.of(configurationIds).stream().map(id -> measure(figure, id)).toList();
    }

    /**
     * Every listed column of a figure, each run {@link #comparisonRuns()} times (this JVM's earlier runs of it count),
     * for comparisons judged on medians. Measured round by round, one run of each column before the next of any, so
     * that whatever drifts on the host while they run weighs on every column alike.
     */
    List<RepeatedRuns> measureRepeatedly(Figure figure, String... configurationIds);

    /** How many runs of each configuration {@link #measureRepeatedly} judges. */
    int comparisonRuns();
}
