package org.telvirt.engine;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.Workload;

/**
 * {@code -Dtelvirt.seconds} and {@code -Dtelvirt.warmupSeconds} (or the same JUnit configuration
 * parameters): one duration for every run of a build, whatever the annotations say, so a profile
 * can be made shorter or longer without touching a test.
 */
record DurationOverrides(Optional<Integer> seconds, Optional<Integer> warmupSeconds) {
    static final String SECONDS_PROPERTY = "telvirt.seconds";
    static final String WARMUP_PROPERTY = "telvirt.warmupSeconds";

    static DurationOverrides of(ExtensionContext context) {
        return new DurationOverrides(WholeNumberParameter.read(context, SECONDS_PROPERTY, 1, "seconds"),
                WholeNumberParameter.read(context, WARMUP_PROPERTY, 0, "seconds"));
    }

    Workload apply(Workload workload) {
        return workload.withDuration(seconds.orElse(workload.seconds()), warmupSeconds.orElse(workload.warmupSeconds()));
    }
}
