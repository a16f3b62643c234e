package org.telvirt.workloads.capacity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.function.Consumer;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * Finds the largest stream count that meets an SLO: doubles from a start until a run fails (or the
 * maximum passes), then bisects between the last pass and the first failure until they are within
 * the resolution. If the start already fails, it halves downwards. A run that misses the SLO is
 * repeated up to {@code retries} times and the count passes if any run meets it: on a shared
 * machine one noisy run should not end the search.
 */
public final class CapacitySearch {
    /** One measured run at a stream count. */
    @FunctionalInterface
    public interface Trial {
        RunSummary run(int streams) throws Exception;
    }

    /** The SLO a run must meet: loss at most {@code maxLossPercent}, p99 delay at most {@code maxP99Micros}. */
    public record Slo(double maxLossPercent, long maxP99Micros) {
        public boolean isMetBy(RunSummary summary) {
            return summary.lossPercent() <= maxLossPercent && summary.delayMicros().p99() <= maxP99Micros;
        }
    }

    /** One step of the search. */
    public record Step(int number, int streams, RunSummary summary, boolean meetsSlo) {
    }

    /** The answer: {@code maxStreams} 0 when even one stream failed; the figures are those of that best run. */
    @JsonPropertyOrder({"maxStreams", "p99Micros", "lossPercent"})
    public record Result(int maxStreams, long p99Micros, double lossPercent) {
    }

    private final Slo slo;
    private final int startStreams;
    private final int maxStreams;
    private final double resolutionPercent;
    private final int retries;

    public CapacitySearch(Slo slo, int startStreams, int maxStreams, double resolutionPercent, int retries) {
        this.slo = slo;
        this.startStreams = Math.min(startStreams, maxStreams);
        this.maxStreams = maxStreams;
        this.resolutionPercent = resolutionPercent;
        this.retries = retries;
    }

    public Result search(Trial trial, Consumer<Step> onStep) throws Exception {
        int passed = 0;
        RunSummary best = null;
        int failed = Integer.MAX_VALUE;
        RunSummary lowestFailure = null;
        int streams = startStreams;
        int number = 0;
        while (true) {
            RunSummary summary;
            boolean meets;
            int attempt = 0;
            do {
                summary = trial.run(streams);
                meets = slo.isMetBy(summary);
                onStep.accept(new Step(++number, streams, summary, meets));
            } while (!meets && attempt++ < retries);
            if (meets) {
                passed = streams;
                best = summary;
            } else {
                failed = streams;
                lowestFailure = summary;
            }
            int next = nextStreams(passed, failed);
            if (next == streams || next == passed || next >= failed || next < 1) {
                break;
            }
            streams = next;
        }
        RunSummary reported = best != null ? best : lowestFailure;
        return new Result(passed, reported.delayMicros().p99(), reported.lossPercent());
    }

    private int nextStreams(int passed, int failed) {
        if (failed == Integer.MAX_VALUE) {
            return passed >= maxStreams ? passed : (int) Math.min((long) passed * 2, maxStreams);
        }
        if (passed == 0) {
            return failed / 2;
        }
        double resolution = Math.max(1, passed * resolutionPercent / 100);
        return failed - passed <= resolution ? passed : passed + (failed - passed) / 2;
    }
}
