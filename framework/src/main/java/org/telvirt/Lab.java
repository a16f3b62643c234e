package org.telvirt;

import java.util.List;

/**
 * Runs configurations on the selected host on a test's request, with the same lifecycle as
 * {@link TelephonyExperiment}; a configuration this JVM already measured on the same host is reused. Injected into
 * the tests of a {@link TelephonyLab} class.
 */
public interface Lab {
    /** Runs the configuration at the host's stream scale, or returns this JVM's earlier run of it. */
    default MediaRun measure(Configuration asked) {
        return measure(asked, 1);
    }

    /**
     * The {@code run}-th run (from 1) of the configuration on this host in this JVM, whichever test measured it; the
     * runs up to it that this JVM does not have yet are measured now, one after another.
     */
    MediaRun measure(Configuration asked, int run);

    /** A figure's column. */
    default MediaRun measure(Figure figure, String configurationId) {
        return measure(figure.configuration(configurationId));
    }

    /** Every listed column of a figure, in order. */
    default List<MediaRun> measure(Figure figure, String... configurationIds) {
        return List.of(configurationIds).stream().map(id -> measure(figure, id)).toList();
    }
}
