package org.telvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every run measured in this JVM, so a later test (the paper's findings) can reuse a configuration
 * an earlier one measured on the same host instead of measuring it again.
 */
final class RunLedger {
    private static final List<MediaRun> RUNS = new ArrayList<>();

    private RunLedger() {
    }

    static void record(MediaRun run) {
        synchronized (RUNS) {
            RUNS.add(run);
        }
    }

    /** This JVM's run of the configuration on the host, if it made one. */
    static Optional<MediaRun> find(String host, Configuration configuration) {
        synchronized (RUNS) {
            return RUNS.stream().filter(run -> run.host().equals(host) && run.configuration().equals(configuration))
                    .findFirst();
        }
    }
}
