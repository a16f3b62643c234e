package org.telvirt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.telvirt.CapacitySearch;
import org.telvirt.Configuration;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.SloLimits;

/**
 * A {@link CapacitySearch} checked against the test it annotates and resolved against the host:
 * the core counts to search, most first, and the stream search's bounds.
 */
record CapacityPlan(int minCores, int maxCores, int startStreams, int maxStreams, double resolutionPercent,
                    int retries) {
    static final int MAX_RETRIES = 10;

    /**
     * The plan, or an {@link InvalidConfigurationException} listing every problem, each naming the
     * annotation; {@code base} is the configuration the other annotations describe, whose stream
     * count is the load the search must place.
     */
    static CapacityPlan of(CapacitySearch search, String where, int hostCores, Configuration base, SloLimits slo) {
        String source = describe(search) + " on " + where;
        List<String> problems = new ArrayList<>();
        if (search.minCores() < 1) {
            problems.add(source + ": minCores must be at least 1, got " + search.minCores());
        }
        if (search.maxCores() < 0) {
            problems.add(source + ": maxCores must be at least 1 (or CapacitySearch.HOST_CORES), got "
                    + search.maxCores());
        }
        if (search.maxCores() != CapacitySearch.HOST_CORES && search.minCores() > search.maxCores()) {
            problems.add(source + ": minCores " + search.minCores() + " is above maxCores " + search.maxCores());
        }
        if (search.startStreams() < 1) {
            problems.add(source + ": startStreams must be at least 1, got " + search.startStreams());
        }
        if (search.startStreams() > search.maxStreams()) {
            problems.add(source + ": startStreams " + search.startStreams() + " is above maxStreams "
                    + search.maxStreams());
        }
        if (!(search.resolutionPercent() > 0 && search.resolutionPercent() <= 100)) {
            problems.add(source + ": resolutionPercent must be above 0 and at most 100, got "
                    + search.resolutionPercent());
        }
        if (search.retries() < 0 || search.retries() > MAX_RETRIES) {
            problems.add(source + ": retries must be 0.." + MAX_RETRIES + ", got " + search.retries());
        }
        int requested = base.workload().streams();
        if (requested > search.maxStreams()) {
            problems.add(source + ": maxStreams " + search.maxStreams() + " is below the " + requested
                    + " streams of @MediaStreams, so no core count could be shown to carry them");
        }
        if (base.tuning().cores().isPresent()) {
            problems.add("@Cores beside " + source + ": the search chooses the cores, remove @Cores");
        }
        if (!slo.isSet()) {
            problems.add(source + ": no @Slo to search against; add @Slo to the method or the class");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        int maxCores = search.maxCores() == CapacitySearch.HOST_CORES ? Math.max(hostCores, search.minCores())
                : search.maxCores();
        return new CapacityPlan(search.minCores(), maxCores, search.startStreams(), search.maxStreams(),
                search.resolutionPercent(), search.retries());
    }

    /** The core counts to search, the fully provisioned host first. */
    List<Integer> coreCounts() {
        return IntStream.iterate(maxCores, cores -> cores >= minCores, cores -> cores - 1).boxed().toList();
    }

    private static String describe(CapacitySearch search) {
        return String.format(Locale.ROOT, "@CapacitySearch(minCores = %d, maxCores = %s, startStreams = %d,"
                        + " maxStreams = %d, resolutionPercent = %s, retries = %d)", search.minCores(),
                search.maxCores() == CapacitySearch.HOST_CORES ? "HOST_CORES" : Integer.toString(search.maxCores()),
                search.startStreams(), search.maxStreams(), search.resolutionPercent(),
                search.retries());
    }
}
