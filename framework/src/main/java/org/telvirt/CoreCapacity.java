package org.telvirt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link CapacitySearch} found at one core count: the most streams (the paper's count) that
 * met the SLO, 0 when not even the fewest did, and every run it took; or why the host could not
 * provide that many cores, with no runs.
 *
 * @param cores the experiment's cores
 * @param maxStreams the most streams (the paper's count) that met the SLO; 0 when skipped
 * @param steps every run at this core count, in the order they ran
 * @param skippedReason why the host could not provide the cores; empty when measured
 */
public record CoreCapacity(int cores, int maxStreams, List<CapacityStep> steps, Optional<String> skippedReason) {
    /** Copies the steps: a result stays as the search found it. */
    public CoreCapacity {
        steps = List.copyOf(steps);
    }

    /** A core count the search ran. */
    public static CoreCapacity measured(int cores, int maxStreams, List<CapacityStep> steps) {
        return new CoreCapacity(cores, maxStreams, steps, Optional.empty());
    }

    /** A core count the host could not provide, with the host's reason and no runs. */
    public static CoreCapacity skipped(int cores, String reason) {
        return new CoreCapacity(cores, 0, List.of(), Optional.of(reason));
    }

    /** True when the host could not provide these cores, so {@link #maxStreams} means nothing. */
    public boolean skipped() {
        return skippedReason.isPresent();
    }

    /** The run that met the SLO at {@link #maxStreams}: the figures behind the answer. */
    public Optional<CapacityStep> best() {
        return steps.stream().filter(step -> step.meetsSlo() && step.streams() == maxStreams).reduce((first, last) -> last);
    }

    /** The run the answer stands on: the best, or when nothing met the SLO the last run that missed it. */
    public Optional<CapacityStep> reported() {
        return best().or(() -> steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1)));
    }

    /** Wall time of every run at this core count, provisioning to restore. */
    public Duration elapsed() {
        return steps.stream().map(step -> step.run().elapsed()).reduce(Duration.ZERO, Duration::plus);
    }
}
