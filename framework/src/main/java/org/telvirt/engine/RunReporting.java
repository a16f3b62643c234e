package org.telvirt.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.telvirt.host.Measurement;
import org.telvirt.report.AllureAttachments;
import org.telvirt.report.CallQuality;
import org.telvirt.report.AllureResultsFiles;
import org.telvirt.report.DelayRow;
import org.telvirt.report.EndOfRunTable;
import org.telvirt.report.FigureReport;
import org.telvirt.report.GeneratorTable;
import org.telvirt.report.ProgressReporter;
import org.telvirt.report.ReportFormat;
import org.telvirt.report.SloVerdict;
import org.telvirt.verdict.BaselineVerdict;
import org.telvirt.workloads.io.AtomicFiles;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.FigureSource;
import org.telvirt.MediaRun;
import org.telvirt.SloLimits;

/**
 * Everything a reader sees of a run besides the test's verdict: the progress line, the figure's
 * boxplot and tables (one per parameterized test, rows kept even for runs that failed), the
 * end-of-run table, and the Allure parameters and attachments of the test.
 */
final class RunReporting {
    static final String END_OF_RUN_MARKDOWN = "results.md";

    private final ExtensionContext context;
    private final Configuration configuration;
    private final String figure;
    private final int configurations;
    private final Path figureDirectory;
    private final int repetition;

    private RunReporting(ExtensionContext context, Configuration configuration, String figure, int configurations,
            Path figureDirectory, int repetition) {
        this.repetition = repetition;
        this.context = context;
        this.configuration = configuration;
        this.figure = figure;
        this.configurations = configurations;
        this.figureDirectory = figureDirectory;
    }

    /**
     * Starts the clock of the test's figure on its first configuration: a {@link FigureSource}'s
     * figure, or the test class with one configuration per test.
     */
    static RunReporting starting(ExtensionContext context, Configuration configuration) {
        if (configuration.figure() != null && AnnotationSupport.isAnnotated(context.getRequiredTestMethod(),
                FigureSource.class)) {
            return starting(context, configuration, configuration.figure().title(), FigureSources.count(context),
                classDirectory(context).resolve(context.getRequiredTestMethod().getName()));
        }
        return forClass(context, configuration);
    }

    /**
     * Reports under the test class, one box per configuration the class measures (its tests, or the
     * runs a {@link org.telvirt.Lab} makes for them).
     */
    static RunReporting forClass(ExtensionContext context, Configuration configuration) {
        return starting(context, configuration, context.getRequiredTestClass().getSimpleName(),
                AnnotationSupport.findAnnotatedMethods(context.getRequiredTestClass(), Test.class,
                        HierarchyTraversalMode.TOP_DOWN).size(), classDirectory(context));
    }

    /**
     * Reports a {@link org.telvirt.Lab}'s run under the test class: how many configurations the class will measure is not
     * known beforehand (each test measures what it needs and has not been measured yet), so progress counts up.
     */
    static RunReporting forLab(ExtensionContext context, Configuration configuration, int repetition) {
        return starting(context, configuration, context.getRequiredTestClass().getSimpleName(),
                ProgressReporter.OPEN_ENDED, classDirectory(context), repetition);
    }

    private static RunReporting starting(ExtensionContext context, Configuration configuration, String figure,
            int configurations, Path figureDirectory) {
        return starting(context, configuration, figure, configurations, figureDirectory, 1);
    }

    private static RunReporting starting(ExtensionContext context, Configuration configuration, String figure,
            int configurations, Path figureDirectory, int repetition) {
        RunReporting reporting = new RunReporting(context, HostSession.runner(context).fitted(configuration), figure,
                configurations == ProgressReporter.OPEN_ENDED ? configurations : Math.max(1, configurations),
                figureDirectory, repetition);
        reporting.progress();
        return reporting;
    }

    /**
     * Reports a measured run, and compares it with the baseline when one is given: its box goes beside the run's, the
     * comparison is printed and kept in {@value RunResults#FILE} with the run, and returned for the test's verdict.
     */
    Optional<BaselineVerdict> measured(MediaRun run, SloLimits slo, Optional<Baseline> baseline) {
        DelayRow row = row(rowId(), run);
        progress().finished(row);
        figureReport().add(row);
        RunResults.Run recorded = RunResults.Run.of(context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName(), repetition, run);
        Optional<BaselineVerdict> compared = baseline.map(kept -> kept.compare(recorded, run.configuration()));
        baseline.ifPresent(kept -> kept.row(rowId(), recorded)
                .ifPresent(box -> figureReport().addBaseline(kept.label(), box)));
        compared.ifPresent(verdict -> System.out.println("[telvirt] " + rowId() + ": " + verdict.describe()));
        List<String> broken = slo.violations(run);
        SloVerdict verdict = !slo.isSet() ? SloVerdict.notChecked("no @Slo")
                : broken.isEmpty() ? SloVerdict.met() : SloVerdict.missed(String.join(", ", broken));
        RunResults.of(context).add(new RunResults.Entry(recorded, slo.toString(), verdict, compared.orElse(null)));
        EndOfRunTable.of(context, ResultFiles.root().resolve(END_OF_RUN_MARKDOWN)).add(figure, row, verdict);
        AllureAttachments.parameters(headline(run, slo, verdict));
        AllureAttachments.parameters(parameters(run));
        AllureResultsFiles.recordEnvironment(AllureResultsFiles.directory(), environment(run));
        if (!run.generators().isEmpty()) {
            writeGeneratorTable(run);
        }
        for (String file : List.of("run.json", "summary.json", MediaRun.DELAY_LOG, Measurement.PER_STREAM_CSV,
                Measurement.SIGNALING_SUMMARY, GeneratorTable.FILE)) {
            attach(run.resultDirectory().resolve(file));
        }
        return compared;
    }

    /** A measured run as every report of it shows it: delay, loss and its telephony figures. */
    static DelayRow row(String id, MediaRun run) {
        return DelayRow.measured(id, run.streams(), run.packetsSent(), run.lossPercent(), run.delayHistogram())
                .withQuality(new CallQuality(run.mos(), run.worstStreamLossPercent(), run.longestLossBurstPackets(),
                        run.p99CallSetupMillis(), run.failedCalls()));
    }

    /** Each generator's own figures beside the merged ones, printed under the run's line and kept as Markdown. */
    private static void writeGeneratorTable(MediaRun run) {
        GeneratorTable table = new GeneratorTable();
        run.generators().forEach(share -> table.add(share.name(), share.where(), share.summary()));
        table.add(GeneratorTable.MERGED, run.generators().size() + " generators", run.summary());
        System.out.print(table.aligned());
        Path file = run.resultDirectory().resolve(GeneratorTable.FILE);
        try {
            AtomicFiles.write(file, ("# Generators of " + run.configuration().id() + " on " + run.host() + "\n\n"
                    + table.markdown()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException unwritable) {
            System.err.println("[telvirt] cannot write " + file + ": " + unwritable.getMessage());
        }
    }

    /**
     * Keeps the configuration's place in the figure and the table when it measured nothing, and attaches what the
     * reader needs to find out why: the run's record and every program's log.
     */
    void failed(Throwable failure) {
        DelayRow row = DelayRow.noData(rowId(), configuration.workload().streams(),
                failure.getClass().getSimpleName());
        progress().finished(row);
        figureReport().add(row);
        EndOfRunTable.of(context, ResultFiles.root().resolve(END_OF_RUN_MARKDOWN)).add(figure, row,
                SloVerdict.notChecked("no measurement: " + failure.getMessage()));
        Path directory = ResultFiles.runDirectory(context.getRequiredTestClass(),
                context.getRequiredTestMethod().getName(), configuration, repetition);
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().matches(".*\\.(log|json|partial)$")).sorted()
                    .forEach(RunReporting::attach);
        } catch (IOException noDirectory) {
            // the run failed before it had a directory: there is nothing of it to attach
        }
    }

    /**
     * The box's label: the column id, with its figure's number where a class compares several figures, and which
     * run of it this is from the second on.
     */
    private String rowId() {
        Figure source = configuration.figure();
        String column = source == null || figure.equals(source.title()) ? configuration.id()
                : "F" + source.number() + " " + configuration.id();
        return repetition == 1 ? column : column + " #" + repetition;
    }

    /** The numbers a reader looks for first, at the top of the test's page: loss, delay, MOS and the SLO's verdict. */
    private static Map<String, Object> headline(MediaRun run, SloLimits slo, SloVerdict verdict) {
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("loss", ReportFormat.decimal(run.lossPercent()) + " %");
        headline.put("p50", ReportFormat.delay(run.delayMillis(50)));
        headline.put("p99", ReportFormat.delay(run.delayMillis(99)));
        headline.put("MOS", ReportFormat.mos(run.mos()));
        headline.put("SLO", slo.isSet() ? slo + ": " + verdict.text() : verdict.text());
        return headline;
    }

    /** Where the run ran, for the report's environment: the same for every run of a build on one host. */
    private static Map<String, String> environment(MediaRun run) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("telvirt.host", run.host());
        environment.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        environment.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        environment.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        ImageUnderTest.ofBuild().ifPresent(image -> environment.putAll(image.recorded()));
        run.hostStatistics().forEach((name, value) -> {
            if (name.startsWith("xen_")) {
                environment.put(name.replace('_', '.'), value);
            }
        });
        return environment;
    }

    private Map<String, Object> parameters(MediaRun run) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("configuration", configuration.id());
        parameters.put("description", configuration.description());
        parameters.put("host", run.host());
        parameters.put("streams", run.streams());
        if (!run.generators().isEmpty()) {
            parameters.put("generators", run.generators().stream().map(share -> share.name() + " "
                    + share.summary().streams()).collect(Collectors.joining(", ")));
        }
        parameters.putAll(configuration.tuning().describe());
        run.applied().forEach(knob -> parameters.put("applied " + knob.domain() + " " + knob.knob(), knob.applied()));
        if (!run.coresUsedOfHeld().isEmpty()) {
            parameters.put("logical cores used of held", run.coresUsedOfHeld());
        }
        return parameters;
    }

    private ProgressReporter progress() {
        return ProgressReporter.of(context, figure, configurations);
    }

    private FigureReport figureReport() {
        return FigureReport.of(context, figure, figureDirectory);
    }

    private static Path classDirectory(ExtensionContext context) {
        return ResultFiles.root().resolve(context.getRequiredTestClass().getSimpleName());
    }

    private static void attach(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                AllureAttachments.attachFile(file);
            } catch (IOException unreadable) {
                System.err.println("[telvirt] cannot attach " + file + " to the report: " + unreadable.getMessage());
            }
        }
    }
}
