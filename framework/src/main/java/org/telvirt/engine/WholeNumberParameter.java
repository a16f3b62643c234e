package org.telvirt.engine;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.InvalidConfigurationException;

/** A build-wide whole number given as {@code -Dproperty=N} or as a JUnit configuration parameter. */
final class WholeNumberParameter {
    private WholeNumberParameter() {
    }

    /** The parameter's value, if given; a configuration error naming the property if it is no number of at least {@code minimum}. */
    static Optional<Integer> read(ExtensionContext context, String property, int minimum, String unit) {
        return context.getConfigurationParameter(property).map(value -> parse(property, value, minimum, unit));
    }

    private static int parse(String property, String value, int minimum, String unit) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the error that names the property
        }
        throw new InvalidConfigurationException(List.of("-D" + property + "=" + value
                + ": expected a whole number of " + unit + ", at least " + minimum));
    }
}
