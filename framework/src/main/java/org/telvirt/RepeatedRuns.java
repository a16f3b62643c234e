package org.telvirt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.telvirt.report.ReportFormat;

/**
 * Runs of one configuration on one host, judged by their medians: on a shared host one run's burst
 * of loss or delay is a fact about that run, and a comparison of two configurations that one such
 * burst can decide says nothing about the configurations.
 */
public record RepeatedRuns(List<MediaRun> runs) {
    /** Refuses an empty list and runs of different configurations or hosts: their median would mean nothing. */
    public RepeatedRuns {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to take medians of");
        }
        MediaRun first = runs.get(0);
        for (MediaRun run : runs) {
            if (!run.configuration().equals(first.configuration()) || !run.host().equals(first.host())) {
                throw new IllegalArgumentException("runs of different configurations or hosts: " + first + " and " + run);
            }
        }
    }

    /** The one configuration every run ran. */
    public Configuration configuration() {
        return runs.get(0).configuration();
    }

    /** The median of the runs' loss. */
    public double lossPercent() {
        return median(MediaRun::lossPercent);
    }

    /** The median over the runs of the delay at a percentile of each run's packets, in milliseconds. */
    public double delayMillis(double percentile) {
        return median(run -> run.delayMillis(percentile));
    }

    /** The median of what the runs' scheduler accounted to a domain; empty on a host that keeps no account. */
    public OptionalDouble coresUsedBy(String domain) {
        double[] used = runs.stream().map(run -> run.coresUsedBy(domain)).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        return used.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(used));
    }

    /**
     * {@code 2.3 on emulated, median of 3 runs: loss 0.00 %, p50 1.2 ms, p75 2.5 ms, p99 13 ms (loss 0/0/1.27 %, p99
     * 11.2/13/127.7 ms)}.
     */
    @Override
    public String toString() {
        MediaRun first = runs.get(0);
        return String.format(Locale.ROOT, "%s on %s, median of %d run%s: loss %.2f %%, p50 %s ms, p75 %s ms, p99 %s ms"
                        + " (loss %s %%, p99 %s ms)", first.configuration().id(), first.host(), runs.size(),
                runs.size() == 1 ? "" : "s", lossPercent(), ReportFormat.decimal(delayMillis(50)),
                ReportFormat.decimal(delayMillis(75)), ReportFormat.decimal(delayMillis(99)), each(MediaRun::lossPercent),
                each(run -> run.delayMillis(99)));
    }

    private String each(ToDoubleFunction<MediaRun> metric) {
        return runs.stream().map(run -> ReportFormat.decimal(metric.applyAsDouble(run))).collect(Collectors.joining("/"));
    }

    private double median(ToDoubleFunction<MediaRun> metric) {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
