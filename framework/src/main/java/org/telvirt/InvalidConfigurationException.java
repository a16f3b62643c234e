package org.telvirt;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A configuration that cannot run as written: each problem names the annotation (or figure
 * column) and the value. Raised before anything on the host changes.
 */
public class InvalidConfigurationException extends ExtensionConfigurationException {
    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("telvirt configuration error: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
