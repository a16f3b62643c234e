package org.telvirt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.Configuration;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.report.DelayRow;
import org.telvirt.verdict.BaselineComparison;
import org.telvirt.verdict.BaselineVerdict;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * {@code -Dtelvirt.baseline=DIR}: a previous build's results (the {@value RunResults#FILE} in DIR, e.g. the last
 * release's {@code target/telvirt}) that each experiment of this build is compared with, configuration by
 * configuration ({@link BaselineComparison}). Read once per run, before any host changes: a directory that is missing
 * or unreadable is a configuration error, since every comparison of the run would be lost to it.
 */
final class Baseline {
    static final String PROPERTY = "telvirt.baseline";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Baseline.class);
    private static final int SHORT_COMMIT = 12;

    private final String label;
    private final List<RunResults.Run> runs;

    private Baseline(String label, List<RunResults.Run> runs) {
        this.label = label;
        this.runs = List.copyOf(runs);
    }

    /** The run's baseline, when {@value #PROPERTY} names one. */
    static Optional<Baseline> of(ExtensionContext context) {
        return context.getConfigurationParameter(PROPERTY).filter(directory -> !directory.isBlank())
                .map(directory -> context.getRoot().getStore(NAMESPACE).computeIfAbsent(directory,
                        key -> read(Path.of(directory)), Baseline.class));
    }

    static Baseline read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidConfigurationException(List.of("-D" + PROPERTY + "=" + directory + ": no such directory"
                    + " (give a previous run's target/telvirt, which holds its " + RunResults.FILE + ")"));
        }
        RunResults.Contents contents;
        try {
            contents = RunResults.read(directory);
        } catch (IOException | RuntimeException unreadable) {
            throw new InvalidConfigurationException(List.of("-D" + PROPERTY + "=" + directory + ": its "
                    + RunResults.FILE + " is unreadable: " + unreadable.getMessage()));
        }
        return new Baseline(label(contents, directory), contents.runs());
    }

    /** What every message calls it: the release it measured, else its image, its commit, or where it lies. */
    private static String label(RunResults.Contents contents, Path directory) {
        if (contents.version() != null) {
            return contents.version();
        }
        List<String> images = contents.runs().stream().map(RunResults.Run::image).filter(Objects::nonNull).distinct()
                .toList();
        if (images.size() == 1) {
            return images.get(0);
        }
        if (contents.commit() != null) {
            return "commit " + contents.commit().substring(0, Math.min(SHORT_COMMIT, contents.commit().length()));
        }
        return directory.toString();
    }

    String label() {
        return label;
    }

    /** This build's run against the baseline's runs of the same test, configuration and host. */
    BaselineVerdict compare(RunResults.Run run, Configuration configuration) {
        List<RunResults.Run> same = sameAs(run);
        if (same.isEmpty()) {
            return BaselineVerdict.notCompared(label, BaselineVerdict.Outcome.NOT_IN_BASELINE, "it has no run of "
                    + run.test() + " " + run.key() + " on host " + run.host());
        }
        List<Integer> streams = same.stream().map(RunResults.Run::streams).distinct().toList();
        if (!streams.equals(List.of(run.streams()))) {
            return BaselineVerdict.notCompared(label, BaselineVerdict.Outcome.NOT_COMPARABLE, "it ran " + streams
                    + " streams, this run " + run.streams());
        }
        return BaselineComparison.compare(configuration, run.seconds(), label,
                same.stream().map(RunResults.Run::seconds).toList());
    }

    /** The baseline's box beside this run's, its runs of the configuration merged; empty when it has none. */
    Optional<DelayRow> row(String rowId, RunResults.Run run) {
        List<RunResults.Run> same = sameAs(run);
        if (same.isEmpty()) {
            return Optional.empty();
        }
        Histogram delays = RunHistograms.newHistogram();
        same.forEach(kept -> delays.add(kept.delayMicros()));
        long sent = same.stream().mapToLong(RunResults.Run::sent).sum();
        long lost = same.stream().mapToLong(RunResults.Run::lost).sum();
        return Optional.of(DelayRow.measured(rowId, same.get(0).streams(), sent,
                RunSummary.lossPercent(lost, sent), delays));
    }

    private List<RunResults.Run> sameAs(RunResults.Run run) {
        return runs.stream().filter(kept -> kept.test().equals(run.test()) && kept.key().equals(run.key())
                && kept.host().equals(run.host())).toList();
    }
}
