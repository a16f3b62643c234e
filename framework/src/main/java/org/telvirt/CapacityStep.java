package org.telvirt;

import java.util.List;

/**
 * One run of a {@link CapacitySearch}: a core count, a stream count (the paper's, as annotated;
 * {@link MediaRun#streams()} is what ran on the host after scaling), the run, and what it broke.
 *
 * @param number the step's place in the whole search, from 1
 * @param sloViolations what the run broke, each with the measured number; empty when it met the SLO
 */
public record CapacityStep(int number, int cores, int streams, MediaRun run, List<String> sloViolations) {
    public CapacityStep {
        sloViolations = List.copyOf(sloViolations);
    }

    public boolean meetsSlo() {
        return sloViolations.isEmpty();
    }
}
