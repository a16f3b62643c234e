package org.telvirt;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code -Dtelvirt.seconds} and {@code -Dtelvirt.warmupSeconds} (or the same JUnit configuration
 * parameters): one duration for every run of a build, whatever the annotations say, so a profile
 * can be made shorter or longer without touching a test.
 */
record DurationOverrides(Optional<Integer> seconds, Optional<Integer> warmupSeconds) {
    static final String SECONDS_PROPERTY = "telvirt.seconds";
    static final String WARMUP_PROPERTY = "telvirt.warmupSeconds";

    static DurationOverrides of(ExtensionContext context) {
        return new DurationOverrides(
                context.getConfigurationParameter(SECONDS_PROPERTY).map(value -> parse(SECONDS_PROPERTY, value, 1)),
                context.getConfigurationParameter(WARMUP_PROPERTY).map(value -> parse(WARMUP_PROPERTY, value, 0)));
    }

    Workload apply(Workload workload) {
        return workload.withDuration(seconds.orElse(workload.seconds()), warmupSeconds.orElse(workload.warmupSeconds()));
    }

    private static int parse(String property, String value, int minimum) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error that names the property
        }
        throw new InvalidConfigurationException(List.of("-D" + property + "=" + value
                + ": expected a whole number of seconds, at least " + minimum));
    }
}
