package org.telvirt.engine;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.telvirt.CapacityStep;
import org.telvirt.CoreCapacity;
import org.telvirt.MediaRun;
import org.telvirt.report.ReportFormat;

/**
 * One console line per step of a {@link org.telvirt.CapacitySearch}, so a search of several minutes is never
 * silent: cores, streams, loss, p99, whether it met the SLO, and the time the search has taken.
 */
final class CapacityProgress {
    private final String label;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    CapacityProgress(String label, PrintStream out) {
        this.label = label;
        this.out = out;
    }

    void step(CapacityStep step) {
        MediaRun run = step.run();
        print(String.format(Locale.ROOT, "step %d: %d cores, %d streams (%d on host '%s'): loss %.2f %%, p99 %s: %s,"
                        + " run %ds", step.number(), step.cores(), step.streams(), run.streams(), run.host(),
                run.lossPercent(), ReportFormat.delay(run.delayMillis(99)),
                step.meetsSlo() ? "meets the SLO" : "misses the SLO (" + String.join(", ", step.sloViolations()) + ")",
                Math.round(run.elapsed().toMillis() / 1000.0)));
    }

    void found(CoreCapacity capacity) {
        print(capacity.maxStreams() == 0 ? capacity.cores() + " cores carry no stream within the SLO"
                : capacity.cores() + " cores carry " + capacity.maxStreams() + " streams within the SLO");
    }

    void skipped(CoreCapacity capacity) {
        print(capacity.cores() + " cores skipped: " + capacity.skippedReason().orElseThrow());
    }

    private void print(String text) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        out.printf(Locale.ROOT, "[%s] %s, elapsed %ds%n", label, text, elapsed.toSeconds());
        out.flush();
    }
}
