package org.telvirt.verdict;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One configuration's seconds, pooled over its runs, with the measures a statistic takes of any draw of them
 * (docs/findings.md, section 1): {@code loss} = 100 x sum(lost) / sum(sent), and {@code pX} of the histogram merged
 * from the drawn seconds, counts added. A draw is an array of second indexes, repeats allowed.
 *
 * <p>Each second's delays are indexes into the pool's ascending list of distinct delay values, so a draw's merged
 * histogram is one dense array of counts, walked once to its percentile. Not thread-safe: that array is reused.
 */
final class SecondsPool {
    private final long[] sent;
    private final long[] lost;
    private final long[] delayCounts;
    private final long[] distinctDelaysMicros;
    private final int[][] delayIndexes;
    private final long[][] delayIndexCounts;
    private final long[] mergedCounts;

    SecondsPool(List<SparseSecond> seconds) {
        int size = seconds.size();
        sent = new long[size];
        lost = new long[size];
        delayCounts = new long[size];
        distinctDelaysMicros = seconds.stream().flatMapToLong(second -> Arrays.stream(second.delayValuesMicros()))
                .distinct().sorted().toArray();
        delayIndexes = new int[size][];
        delayIndexCounts = new long[size][];
        for (int i = 0; i < size; i++) {
            SparseSecond second = seconds.get(i);
            sent[i] = second.sent();
            lost[i] = second.lost();
            delayCounts[i] = second.delayCount();
            delayIndexes[i] = Arrays.stream(second.delayValuesMicros())
                    .mapToInt(value -> Arrays.binarySearch(distinctDelaysMicros, value)).toArray();
            delayIndexCounts[i] = second.delayCounts();
        }
        mergedCounts = new long[distinctDelaysMicros.length];
    }

    int seconds() {
        return sent.length;
    }

    /** Every second once: the draw of the pool itself. */
    int[] everySecond() {
        return IntStream.range(0, sent.length).toArray();
    }

    /** 100 x sum(lost) / sum(sent) of the drawn seconds; NaN when they sent nothing. */
    double lossPercent(int[] draw) {
        long drawnSent = 0;
        long drawnLost = 0;
        for (int second : draw) {
            drawnSent += sent[second];
            drawnLost += lost[second];
        }
        return drawnSent == 0 ? Double.NaN : 100.0 * drawnLost / drawnSent;
    }

    /**
     * The percentile of the drawn seconds' delays merged, computed as HdrHistogram's {@code getValueAtPercentile}
     * computes it (so that it equals the whole-run numbers): the first bucket at which the count so far reaches
     * ceil(percentile x total / 100), at least 1. NaN when no packet of the draw came back.
     */
    double percentileMicros(double percentile, int[] draw) {
        long total = 0;
        for (int second : draw) {
            total += delayCounts[second];
            int[] indexes = delayIndexes[second];
            long[] counts = delayIndexCounts[second];
            for (int i = 0; i < indexes.length; i++) {
                mergedCounts[indexes[i]] += counts[i];
            }
        }
        double result = Double.NaN;
        if (total > 0) {
            double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
            long countAtPercentile = Math.max(1, (long) Math.ceil(requested * total / 100.0));
            long countSoFar = 0;
            for (int i = 0; i < mergedCounts.length; i++) {
                countSoFar += mergedCounts[i];
                if (countSoFar >= countAtPercentile) {
                    result = distinctDelaysMicros[i];
                    break;
                }
            }
        }
        Arrays.fill(mergedCounts, 0);
        return result;
    }
}
