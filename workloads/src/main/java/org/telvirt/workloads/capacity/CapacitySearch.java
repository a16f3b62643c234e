package org.telvirt.workloads.capacity;

import java.util.function.Consumer;
import java.util.function.Predicate;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * Finds the largest stream count that meets an SLO: doubles from a start until a run fails (or the
 * maximum passes), then bisects between the last pass and the first failure until they are within
 * the resolution. If the start already fails, it halves downwards. A count is run until
 * {@code retries + 1} of its runs agree (at most {@code 2 x retries + 1} runs) and meets the SLO only
 * when most of them did: on a shared machine one noisy run should decide the search neither way.
 *
 * @param <R> what one run yields ({@link RunSummary} for the {@code capacity} program, a whole
 *     measured run for the test framework), judged by the SLO predicate
 */
public final class CapacitySearch<R> {
    /** One measured run at a stream count. */
    @FunctionalInterface
    public interface Trial<R> {
        R run(int streams) throws Exception;
    }

    /** The SLO a run must meet: loss at most {@code maxLossPercent}, p99 delay at most {@code maxP99Micros}. */
    public record Slo(double maxLossPercent, long maxP99Micros) implements Predicate<RunSummary> {
        @Override
        public boolean test(RunSummary summary) {
            return summary.lossPercent() <= maxLossPercent && summary.delayMicros().p99() <= maxP99Micros;
        }
    }

    /** One step of the search. */
    public record Step<R>(int number, int streams, R run, boolean meetsSlo) {
    }

    /**
     * The answer: {@code maxStreams} 0 when even one stream failed. {@code best} is the run that
     * met the SLO at {@code maxStreams} (null when none did), {@code lowestFailure} the last run
     * that missed it, at the lowest count that missed (null when none missed).
     */
    public record Result<R>(int maxStreams, R best, R lowestFailure) {
        /** The run the answer stands on: the best pass, or the lowest failure when nothing passed. */
        public R reported() {
            return best != null ? best : lowestFailure;
        }
    }

    private final Predicate<? super R> meetsSlo;
    private final int startStreams;
    private final int maxStreams;
    private final double resolutionPercent;
    private final int retries;

    public CapacitySearch(Predicate<? super R> meetsSlo, int startStreams, int maxStreams, double resolutionPercent,
            int retries) {
        this.meetsSlo = meetsSlo;
        this.startStreams = Math.min(startStreams, maxStreams);
        this.maxStreams = maxStreams;
        this.resolutionPercent = resolutionPercent;
        this.retries = retries;
    }

    public Result<R> search(Trial<R> trial, Consumer<Step<R>> onStep) throws Exception {
        int passed = 0;
        R best = null;
        int failed = Integer.MAX_VALUE;
        R lowestFailure = null;
        int streams = startStreams;
        int number = 0;
        while (true) {
            int meetings = 0;
            int misses = 0;
            R lastMeeting = null;
            R lastMiss = null;
            while (meetings <= retries && misses <= retries) {
                R run = trial.run(streams);
                boolean meets = meetsSlo.test(run);
                onStep.accept(new Step<>(++number, streams, run, meets));
                if (meets) {
                    meetings++;
                    lastMeeting = run;
                } else {
                    misses++;
                    lastMiss = run;
                }
            }
            if (meetings > misses) {
                passed = streams;
                best = lastMeeting;
            } else {
                failed = streams;
                lowestFailure = lastMiss;
            }
            int next = nextStreams(passed, failed);
            if (next == streams || next == passed || next >= failed || next < 1) {
                break;
            }
            streams = next;
        }
        return new Result<>(passed, best, lowestFailure);
    }

    private int nextStreams(int passed, int failed) {
        if (failed == Integer.MAX_VALUE) {
            return passed >= maxStreams ? passed : (int) Math.min((long) passed * 2, maxStreams);
        }
        if (passed == 0) {
            return failed / 2;
        }
        return failed - passed <= resolutionStreams(passed, resolutionPercent) ? passed : passed + (failed - passed) / 2;
    }

    /**
     * How close, in streams, the search brings the last count that met the SLO and the first that missed it: how far a
     * found capacity may lie below the true one, and so the least difference between two capacities that means one.
     */
    public static double resolutionStreams(int passedStreams, double resolutionPercent) {
        return Math.max(1, passedStreams * resolutionPercent / 100);
    }
}
