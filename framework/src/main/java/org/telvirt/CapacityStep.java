package org.telvirt;

import java.util.List;

/**
 * One run of a {@link CapacitySearch}: a core count, a stream count (the paper's, as annotated;
 * {@link MediaRun#streams()} is what ran on the host after scaling), the run, and what it broke.
 *
 * @param number the step's place in the whole search, from 1
 * @param cores the experiment's cores this step ran on
 * @param streams the paper's stream count this step asked for
 * @param run what was measured
 * @param sloViolations what the run broke, each with the measured number; empty when it met the SLO
 */
public record CapacityStep(int number, int cores, int streams, MediaRun run, List<String> sloViolations) {
    /** Copies the violations: a step stays as it ran. */
    public CapacityStep {
        sloViolations = List.copyOf(sloViolations);
    }

    /** True when the run broke no limit, so the search may go higher. */
    public boolean meetsSlo() {
        return sloViolations.isEmpty();
    }
}
