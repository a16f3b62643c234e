package org.telvirt.report;

import static io.qameta.allure.junitplatform.AllureJunitPlatform.ALLURE_FIXTURE;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.EVENT_START;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.EVENT_STOP;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.TEAR_DOWN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * Collects a figure's rows across the invocations of its parameterized test and, once the last
 * invocation has run, writes the figure: {@value #BOXPLOT_FILE}, {@value #CSV_FILE} and
 * {@value #MARKDOWN_FILE} in the output directory, and the boxplot and CSV into the Allure results.
 *
 * <p>Where it hooks in: the report lives in the {@link ExtensionContext.Store} of the test's
 * enclosing container (for a {@code @ParameterizedTest} invocation, the parameterized test itself).
 * JUnit closes that store after the container's last invocation and before it reports the container
 * finished, so the figure is complete and allure-junit-platform still has the container open. The
 * boxplot is attached there as a tear-down fixture, which the Allure report shows under "Tear down"
 * on the page of every configuration of the figure. The rows are written even when invocations
 * failed: a configuration that measured nothing is added with {@link DelayRow#noData}.
 */
public final class FigureReport implements AutoCloseable {
    public static final String BOXPLOT_FILE = "boxplot.png";
    public static final String CSV_FILE = "delay.csv";
    public static final String MARKDOWN_FILE = "delay.md";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FigureReport.class);

    private final ExtensionContext container;
    private final String figureTitle;
    private final Path outputDirectory;
    private final List<DelayRow> rows = new ArrayList<>();
    private final Map<String, DelayRow> baselineRows = new LinkedHashMap<>();
    private String baselineLabel;

    private FigureReport(ExtensionContext container, String figureTitle, Path outputDirectory) {
        this.container = container;
        this.figureTitle = figureTitle;
        this.outputDirectory = outputDirectory;
    }

    /**
     * The report of the figure that {@code testContext} belongs to, created by its first invocation.
     *
     * @param testContext     the context of one invocation (or of a plain test: then the class is the figure)
     * @param figureTitle     e.g. {@code Figure 7: caps}; every invocation must pass the same
     * @param outputDirectory where the PNG, CSV and Markdown go, e.g. {@code target/telvirt/figure07}
     */
    public static FigureReport of(ExtensionContext testContext, String figureTitle, Path outputDirectory) {
        Objects.requireNonNull(figureTitle, "figureTitle");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        ExtensionContext container = enclosingContainer(testContext, figureTitle);
        FigureReport report = container.getStore(NAMESPACE).computeIfAbsent(FigureReport.class,
                type -> new FigureReport(container, figureTitle, outputDirectory), FigureReport.class);
        if (!report.figureTitle.equals(figureTitle) || !report.outputDirectory.equals(outputDirectory)) {
            throw new IllegalStateException("'" + container.getDisplayName() + "' already reports figure '"
                    + report.figureTitle + "' into " + report.outputDirectory + ", not '" + figureTitle
                    + "' into " + outputDirectory);
        }
        return report;
    }

    /** For a parameterized invocation its parameterized test, for a plain test its class. */
    static ExtensionContext enclosingContainer(ExtensionContext testContext, String figure) {
        return testContext.getParent().orElseThrow(() -> new IllegalArgumentException(
                "figure '" + figure + "' needs the context of a test, got the engine's"));
    }

    public String figureTitle() {
        return figureTitle;
    }

    public Path outputDirectory() {
        return outputDirectory;
    }

    public synchronized void add(DelayRow row) {
        rows.add(Objects.requireNonNull(row, "row"));
    }

    public synchronized List<DelayRow> rows() {
        return List.copyOf(rows);
    }

    /** The baseline's box for the configuration of {@code row}'s id, drawn beside this run's. */
    public synchronized void addBaseline(String label, DelayRow row) {
        Objects.requireNonNull(label, "label");
        if (baselineLabel != null && !baselineLabel.equals(label)) {
            throw new IllegalStateException("figure '" + figureTitle + "' already shows baseline " + baselineLabel
                    + ", not " + label);
        }
        baselineLabel = label;
        baselineRows.put(row.configurationId(), row);
    }

    /** The baseline's boxes added so far; empty when the run has no baseline. */
    public synchronized Optional<BaselineBoxes> baseline() {
        return baselineLabel == null ? Optional.empty() : Optional.of(new BaselineBoxes(baselineLabel, baselineRows));
    }

    /** Called by JUnit after the figure's last invocation; writes nothing if no row was added. */
    @Override
    public void close() throws IOException {
        List<DelayRow> figureRows = rows();
        if (figureRows.isEmpty()) {
            return;
        }
        DelayBoxplot boxplot = new DelayBoxplot(figureTitle, figureRows, baseline());
        byte[] png = boxplot.png();
        String csv = DelayTable.csv(figureRows);
        String markdown = "## " + figureTitle + "\n\n" + DelayBoxplot.READING_THE_GRAPH + "\n\n"
                + DelayTable.markdown(figureRows);
        AtomicFiles.write(outputDirectory.resolve(BOXPLOT_FILE), png);
        AtomicFiles.write(outputDirectory.resolve(CSV_FILE), csv.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outputDirectory.resolve(MARKDOWN_FILE), markdown.getBytes(StandardCharsets.UTF_8));
        attachAsTearDown(png, csv);
        System.out.println("[" + figureTitle + "] boxplot and tables: " + outputDirectory.toAbsolutePath());
    }

    private void attachAsTearDown(byte[] png, String csv) {
        String fixture = UUID.randomUUID().toString();
        container.publishReportEntry(Map.of(ALLURE_FIXTURE, TEAR_DOWN, "event", EVENT_START,
                "uuid", fixture, "name", "boxplot of " + figureTitle));
        try {
            AllureAttachments.attach("boxplot: " + figureTitle, "image/png", "png", png);
            AllureAttachments.attach("delay per configuration (CSV, microseconds)", "text/csv", "csv",
                    csv.getBytes(StandardCharsets.UTF_8));
        } finally {
            container.publishReportEntry(Map.of(ALLURE_FIXTURE, TEAR_DOWN, "event", EVENT_STOP, "uuid", fixture));
        }
    }
}
