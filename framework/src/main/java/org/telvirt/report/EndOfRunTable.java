package org.telvirt.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * The end of a profile run: one {@link ResultsTable} for the whole run, printed on the console and
 * written as Markdown when JUnit closes the root context, i.e. after the last test of the run.
 */
public final class EndOfRunTable implements AutoCloseable {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EndOfRunTable.class);

    /** Beside the Markdown table, what a CI system reads as the run's metrics. */
    public static final String METRICS_FILE = "metrics.txt";

    private final ResultsTable table = new ResultsTable();
    private final PrintStream out;
    private final Path markdownFile;

    EndOfRunTable(PrintStream out, Path markdownFile) {
        this.out = Objects.requireNonNull(out, "out");
        this.markdownFile = Objects.requireNonNull(markdownFile, "markdownFile");
    }

    /**
     * The run's summary, kept in the root context's store; the first call decides the Markdown file
     * (e.g. {@code target/telvirt/results.md}).
     */
    public static EndOfRunTable of(ExtensionContext anyContext, Path markdownFile) {
        return anyContext.getRoot().getStore(NAMESPACE).computeIfAbsent(EndOfRunTable.class,
                type -> new EndOfRunTable(System.out, markdownFile), EndOfRunTable.class);
    }

    public void add(String figure, DelayRow row, SloVerdict verdict) {
        table.add(figure, row, verdict);
    }

    public ResultsTable table() {
        return table;
    }

    public Path markdownFile() {
        return markdownFile;
    }

    @Override
    public void close() throws IOException {
        if (table.entries().isEmpty()) {
            return;
        }
        out.println();
        out.println("telvirt results (" + table.entries().size() + " configurations)");
        out.print(table.text());
        out.println("Markdown: " + markdownFile.toAbsolutePath());
        out.flush();
        AtomicFiles.write(markdownFile, ("# telvirt results\n\n" + table.markdown()).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(markdownFile.resolveSibling(METRICS_FILE), table.metrics().getBytes(StandardCharsets.UTF_8));
    }
}
