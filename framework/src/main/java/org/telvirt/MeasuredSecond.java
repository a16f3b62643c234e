package org.telvirt;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * One measured second of a run, the unit the paper's findings are judged on (docs/findings.md, section 1): the packets
 * whose intended send time falls in it and how many of those never came back, and the delays of the packets that
 * arrived in it.
 *
 * @param sent packets meant to leave in this second
 * @param lost of those, the packets that never came back
 * @param delayMicros round-trip delay of every packet that arrived in this second, in microseconds
 */
public record MeasuredSecond(long sent, long lost, Histogram delayMicros) {
    public MeasuredSecond {
        if (sent < 0 || lost < 0 || lost > sent) {
            throw new IllegalArgumentException("a second needs 0 <= lost <= sent, got sent " + sent + ", lost " + lost);
        }
    }

    /**
     * A run's seconds: the k-th of the summary's per-second counts with the k-th delay interval of its log. The
     * intervals after the last measured second are the drain's, whose arrivals belong to the last second; a second
     * with no interval (a run cut short) has no delay.
     */
    public static List<MeasuredSecond> of(List<RunSummary.Second> counts, List<Histogram> delayIntervals) {
        List<MeasuredSecond> seconds = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            Histogram delays = RunHistograms.newHistogram();
            if (i < delayIntervals.size()) {
                delays.add(delayIntervals.get(i));
            }
            if (i == counts.size() - 1) {
                delayIntervals.stream().skip(counts.size()).forEach(delays::add);
            }
            seconds.add(new MeasuredSecond(counts.get(i).sent(), counts.get(i).lost(), delays));
        }
        return seconds;
    }
}
