package org.telvirt.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One console line per configuration as it finishes, so a long figure run is never silent:
 * figure, position, id, streams, loss, p50/p99, time elapsed since the figure started, and the
 * time remaining estimated from the configurations left and the mean time per configuration so far.
 */
public final class ProgressReporter {
    private final String figure;
    private final int totalConfigurations;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private int finished;

    /** A total not known beforehand: lines count up, without a total or an estimate of the time left. */
    public static final int OPEN_ENDED = -1;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProgressReporter.class);

    /**
     * The progress of the figure {@code testContext} belongs to, kept beside its {@link FigureReport}
     * in the enclosing container's store. Call it when the first configuration starts (e.g. in
     * before-each): the first call starts the clock.
     */
    public static ProgressReporter of(ExtensionContext testContext, String figure, int totalConfigurations) {
        return FigureReport.enclosingContainer(testContext, figure).getStore(NAMESPACE).computeIfAbsent(ProgressReporter.class,
                type -> new ProgressReporter(figure, totalConfigurations, System.out), ProgressReporter.class);
    }

    /** Starts the clock now; {@code totalConfigurations} is how many the figure will run, or {@link #OPEN_ENDED}. */
    public ProgressReporter(String figure, int totalConfigurations, PrintStream out) {
        this(figure, totalConfigurations, out, System::nanoTime);
    }

    ProgressReporter(String figure, int totalConfigurations, PrintStream out, LongSupplier nanoTime) {
        this.figure = Objects.requireNonNull(figure, "figure");
        if (totalConfigurations < 1 && totalConfigurations != OPEN_ENDED) {
            throw new IllegalArgumentException("figure '" + figure
                    + "' must run at least one configuration, got " + totalConfigurations);
        }
        this.totalConfigurations = totalConfigurations;
        this.out = Objects.requireNonNull(out, "out");
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** Prints and returns the line for a configuration that has just finished. */
    public synchronized String finished(DelayRow row) {
        finished++;
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        boolean openEnded = totalConfigurations == OPEN_ENDED;
        String line = String.format(Locale.ROOT, "[%s] %s %s: %d streams, loss %s, p50 %s, p99 %s, elapsed %s",
                figure, openEnded ? Integer.toString(finished) : finished + "/" + totalConfigurations,
                row.configurationId(), row.streams(), ReportFormat.loss(row), ReportFormat.p50(row),
                ReportFormat.p99(row), ReportFormat.duration(elapsed));
        if (!openEnded) {
            int left = Math.max(0, totalConfigurations - finished);
            line += ", remaining ~" + ReportFormat.duration(elapsed.dividedBy(finished).multipliedBy(left));
        }
        out.println(line);
        out.flush();
        return line;
    }
}
