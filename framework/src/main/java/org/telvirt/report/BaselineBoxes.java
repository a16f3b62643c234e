package org.telvirt.report;

import java.util.Map;
import java.util.Objects;

/**
 * A baseline's boxes for a figure, drawn beside this run's: each configuration as the baseline measured it, by the
 * configuration id of the box it goes beside.
 *
 * @param label what the legend calls the baseline: its version, image, commit or directory
 */
public record BaselineBoxes(String label, Map<String, DelayRow> rows) {
    public BaselineBoxes {
        Objects.requireNonNull(label, "label");
        rows = Map.copyOf(rows);
    }
}
