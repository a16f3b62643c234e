package org.telvirt;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A configuration that cannot run as written: each problem names the annotation (or figure
 * column) and the value. Raised before anything on the host changes.
 */
public class InvalidConfigurationException extends ExtensionConfigurationException {
    /** How every configuration error's message starts, for whoever sorts failures by kind. */
    public static final String MESSAGE_PREFIX = "telvirt configuration error:";

    /** Each problem on its own, for tools that list them; the message joins them. */
    private final List<String> problems;

    /** @param problems every problem found, so that one run reports them all at once */
    public InvalidConfigurationException(List<String> problems) {
        super(MESSAGE_PREFIX + " " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, each naming its annotation and value. */
    public List<String> problems() {
        return problems;
    }
}
