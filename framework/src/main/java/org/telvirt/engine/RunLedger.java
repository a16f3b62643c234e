package org.telvirt.engine;

import java.util.ArrayList;
import java.util.List;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;

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

    /** This JVM's runs of the configuration on the host, oldest first. */
    static List<MediaRun> findAll(String host, Configuration configuration) {
        synchronized (RUNS) {
            return RUNS.stream().filter(run -> run.host().equals(host) && run.configuration().equals(configuration))
                    .toList();
        }
    }
}
