package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.telvirt.MeasuredSecond;

/**
 * A measured second as the bootstrap uses it: its counts, and its delays as (value, count) pairs of the histogram's
 * recorded buckets only. A second holds a few hundred distinct delays where its histogram has tens of thousands of
 * buckets, so a resample adds these pairs instead of whole histograms.
 *
 * @param delayValuesMicros each recorded bucket's highest equivalent value, ascending: what HdrHistogram returns for
 *     a percentile falling in that bucket
 * @param delayCounts the packets in each of those buckets
 */
record SparseSecond(long sent, long lost, long[] delayValuesMicros, long[] delayCounts) {

    static SparseSecond of(MeasuredSecond second) {
        Histogram delays = second.delayMicros();
        List<long[]> valueAndCount = new ArrayList<>();
        for (HistogramIterationValue recorded : delays.recordedValues()) {
            valueAndCount.add(new long[] {delays.highestEquivalentValue(recorded.getValueIteratedTo()),
                recorded.getCountAtValueIteratedTo()});
        }
        return new SparseSecond(second.sent(), second.lost(),
                valueAndCount.stream().mapToLong(pair -> pair[0]).toArray(),
                valueAndCount.stream().mapToLong(pair -> pair[1]).toArray());
    }

    long delayCount() {
        return Arrays.stream(delayCounts).sum();
    }
}
