package org.telvirt.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.report.AllureAttachments;
import org.telvirt.report.DelayRow;
import org.telvirt.report.EndOfRunTable;
import org.telvirt.report.SloVerdict;
import org.telvirt.report.TextTable;
import org.telvirt.workloads.io.AtomicFiles;
import org.telvirt.CapacityResult;
import org.telvirt.CapacityStep;
import org.telvirt.CoreCapacity;
import org.telvirt.MediaRun;
import org.telvirt.report.ReportFormat;

/**
 * What a {@link org.telvirt.CapacitySearch} leaves for readers: {@code capacity.md} (the answer per core count,
 * then every run) and {@code capacity.csv} (every run, delays in microseconds, for tools) in the
 * test's results directory, both attached to the Allure result, and one row per core count in the
 * end-of-run table.
 */
final class CapacityReport {
    static final String MARKDOWN = "capacity.md";
    static final String CSV = "capacity.csv";

    private CapacityReport() {
    }

    static void write(ExtensionContext context, String title, CapacityResult result, Path directory)
            throws IOException {
        Path markdown = directory.resolve(MARKDOWN);
        Path csv = directory.resolve(CSV);
        AtomicFiles.write(markdown, markdown(title, result).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(csv, steps(result).csv().getBytes(StandardCharsets.UTF_8));
        AllureAttachments.attachFile(markdown);
        AllureAttachments.attachFile(csv);
        EndOfRunTable endOfRun = EndOfRunTable.of(context, ResultFiles.root().resolve(RunReporting.END_OF_RUN_MARKDOWN));
        for (CoreCapacity capacity : result.coreCounts()) {
            endOfRun.add(title, row(capacity), verdict(capacity));
        }
    }

    static String markdown(String title, CapacityResult result) {
        return "# Capacity search: " + title + "\n\n"
                + String.format(Locale.ROOT, "Host `%s`, SLO %s, %d streams requested (the paper's count). "
                                + "Least cores that carry them: %s. Most streams within the SLO: %d. "
                                + "The search ran %d experiments in %d s.%n%n", result.host(), result.slo(),
                        result.requestedStreams(), result.leastCores().isPresent()
                                ? Integer.toString(result.leastCores().getAsInt()) : "none of those measured",
                        result.mostStreams(), result.steps().size(), result.elapsed().toSeconds())
                + answers(result).markdown() + "\n## Every run\n\n" + steps(result).markdown();
    }

    private static TextTable answers(CapacityResult result) {
        TextTable table = new TextTable(List.of("cores", "most streams", "on the host", "loss", "p99",
                "runs", "seconds", "note"));
        for (CoreCapacity capacity : result.coreCounts()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(capacity.cores()));
            cells.add(capacity.skipped() ? "-" : Integer.toString(capacity.maxStreams()));
            cells.add(capacity.best().map(step -> Integer.toString(step.run().streams())).orElse("-"));
            cells.add(capacity.reported().map(step -> percent(step.run().lossPercent())).orElse("-"));
            cells.add(capacity.reported().map(step -> ReportFormat.delay(step.run().delayMillis(99))).orElse("-"));
            cells.add(Integer.toString(capacity.steps().size()));
            cells.add(Long.toString(capacity.elapsed().toSeconds()));
            cells.add(note(capacity, result.requestedStreams()));
            table.addRow(cells);
        }
        return table;
    }

    private static TextTable steps(CapacityResult result) {
        TextTable table = new TextTable(List.of("step", "cores", "streams", "hostStreams", "lossPercent",
                "p50DelayMicros", "p99DelayMicros", "meetsSlo", "elapsedSeconds", "note"));
        for (CoreCapacity capacity : result.coreCounts()) {
            if (capacity.skipped()) {
                table.addRow(List.of("", Integer.toString(capacity.cores()), "", "", "", "", "", "", "",
                        "skipped: " + capacity.skippedReason().orElseThrow()));
            }
            for (CapacityStep step : capacity.steps()) {
                MediaRun run = step.run();
                table.addRow(List.of(Integer.toString(step.number()), Integer.toString(step.cores()),
                        Integer.toString(step.streams()), Integer.toString(run.streams()),
                        String.format(Locale.ROOT, "%.3f", run.lossPercent()), micros(run, 50), micros(run, 99),
                        Boolean.toString(step.meetsSlo()), Long.toString(run.elapsed().toSeconds()),
                        String.join("; ", step.sloViolations())));
            }
        }
        return table;
    }

    private static String note(CoreCapacity capacity, int requestedStreams) {
        if (capacity.skipped()) {
            return "skipped: " + capacity.skippedReason().orElseThrow();
        }
        return capacity.maxStreams() >= requestedStreams ? "carries the " + requestedStreams + " requested"
                : "misses the " + requestedStreams + " requested";
    }

    private static DelayRow row(CoreCapacity capacity) {
        String id = capacity.cores() + " cores";
        return capacity.reported().map(step -> RunReporting.row(id, step.run()))
                .orElseGet(() -> DelayRow.noData(id, 0, "skipped"));
    }

    private static SloVerdict verdict(CoreCapacity capacity) {
        if (capacity.skipped()) {
            return SloVerdict.notChecked("skipped: " + capacity.skippedReason().orElseThrow());
        }
        return capacity.best().isPresent() ? SloVerdict.met()
                : SloVerdict.missed(String.join(", ", capacity.reported().orElseThrow().sloViolations()));
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value);
    }

    /** Whole microseconds for tools; empty when no packet came back. */
    private static String micros(MediaRun run, double percentile) {
        OptionalDouble millis = run.delayMillis(percentile);
        return millis.isPresent() ? Long.toString(Math.round(millis.getAsDouble() * 1000)) : "";
    }
}
