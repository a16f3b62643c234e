package org.telvirt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The answer of a {@link CapacitySearch}, injected into the test: per core count, most to fewest,
 * the most streams that met the SLO; and the least cores that carry the requested streams.
 *
 * @param requestedStreams the load the host must carry: the {@link MediaStreams} count (the paper's)
 * @param slo what every run was held to
 * @param host the host profile the search ran on
 * @param coreCounts one entry per core count searched or skipped, most cores first
 */
public record CapacityResult(int requestedStreams, SloLimits slo, String host, List<CoreCapacity> coreCounts) {
    /** Copies the core counts: a result stays as the search found it. */
    public CapacityResult {
        coreCounts = List.copyOf(coreCounts);
    }

    /** The core counts that were measured, most cores first. */
    public List<CoreCapacity> measured() {
        return coreCounts.stream().filter(capacity -> !capacity.skipped()).toList();
    }

    /** The core counts the host could not provide, each with its reason. */
    public List<CoreCapacity> skipped() {
        return coreCounts.stream().filter(CoreCapacity::skipped).toList();
    }

    /** What the search found at {@code cores}, skipped or measured; empty when it did not search that count. */
    public Optional<CoreCapacity> at(int cores) {
        return coreCounts.stream().filter(capacity -> capacity.cores() == cores).findFirst();
    }

    /** The most streams that met the SLO at {@code cores}, empty when that count was skipped or not searched. */
    public OptionalInt maxStreams(int cores) {
        return at(cores).filter(capacity -> !capacity.skipped()).map(capacity -> OptionalInt.of(capacity.maxStreams()))
                .orElse(OptionalInt.empty());
    }

    /** The most streams any core count carried within the SLO. */
    public int mostStreams() {
        return measured().stream().mapToInt(CoreCapacity::maxStreams).max().orElse(0);
    }

    /** {@link #leastCoresCarrying(int)} the requested streams. */
    public OptionalInt leastCores() {
        return leastCoresCarrying(requestedStreams);
    }

    /**
     * The least cores that carry {@code streams}, found as the paper did: cutting from the most
     * cores, the last count that carried them before the first that did not. Empty when even the
     * most cores measured did not.
     */
    public OptionalInt leastCoresCarrying(int streams) {
        OptionalInt least = OptionalInt.empty();
        for (CoreCapacity capacity : measured()) {
            if (capacity.maxStreams() < streams) {
                break;
            }
            least = OptionalInt.of(capacity.cores());
        }
        return least;
    }

    /** Every run of the search, in the order they ran. */
    public List<CapacityStep> steps() {
        return coreCounts.stream().flatMap(capacity -> capacity.steps().stream()).toList();
    }

    /** Wall time of every run of the search: what the answer cost. */
    public Duration elapsed() {
        return coreCounts.stream().map(CoreCapacity::elapsed).reduce(Duration.ZERO, Duration::plus);
    }
}
