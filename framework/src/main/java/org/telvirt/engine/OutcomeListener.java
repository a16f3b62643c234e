package org.telvirt.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.SloLimits;
import org.telvirt.report.AllureResultsFiles;
import org.telvirt.verdict.BaselineVerdict;
import org.telvirt.HostException;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * Sorts the run's failures into what a CI user acts on differently: a broken SLO (the host is not
 * good enough), a configuration error (fix the test or profile), an infrastructure error (fix the
 * lab). Prints one verdict line and writes {@code verdict.json} beside the results, and the exit code
 * {@code ./telvirt} returns in {@code exit-code}, so that no script has to read it out of the JSON. A test skipped by
 * an assumption (a finding not applicable on this host) passes the verdict, so its reason is printed and kept beside
 * it rather than left in a report file; a run in which every experiment was skipped measured nothing, and ends as an
 * infrastructure error. Every paper finding judged ({@link org.telvirt.verdict.Findings#judge}) is printed at the end with its
 * claims' intervals and kept whole under {@code findings}.
 * Registered with the JUnit Platform by the framework jar.
 */
public final class OutcomeListener implements TestExecutionListener {
    /** What went wrong, most urgent first: the exit code {@code ./telvirt} returns for each. */
    public enum Outcome {
        INFRASTRUCTURE_ERROR(3), CONFIGURATION_ERROR(2), TEST_FAILURE(1), PASSED(0);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    static final String VERDICT_FILE = "verdict.json";
    static final String EXIT_CODE_FILE = "exit-code";
    /** The tag every telvirt experiment carries ({@code @TelephonyExperiment}, {@code @TelephonyLab}, ...). */
    private static final TestTag EXPERIMENT_TAG = TestTag.create("experiment");
    /** The report entry a judged finding publishes: its verdict as JSON, and as one line for the console. */
    static final String FINDING_ENTRY = "telvirt.finding";
    static final String FINDING_SUMMARY_ENTRY = "telvirt.finding.summary";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path resultsDirectory;
    private final PrintStream console;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final Map<String, String> skippedWithReason = new LinkedHashMap<>();
    private int experiments;
    private int experimentsRun;
    private final List<JsonNode> findings = new ArrayList<>();
    private final List<String> findingSummaries = new ArrayList<>();

    public OutcomeListener() {
        this(ResultFiles.root(), System.out);
    }

    OutcomeListener(Path resultsDirectory, PrintStream console) {
        this.resultsDirectory = resultsDirectory;
        this.console = console;
    }

    /** Sorts the report's failures into the same kinds, and says which build the results are from. */
    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Path allureResults = AllureResultsFiles.directory();
        allureResults.toFile().mkdirs();
        Map<String, String> categories = new LinkedHashMap<>();
        categories.put("SLO not met", SloLimits.VIOLATED_PREFIX);
        categories.put("Regression against baseline", BaselineVerdict.REGRESSION_PREFIX);
        categories.put("Configuration error", InvalidConfigurationException.MESSAGE_PREFIX);
        categories.put("Infrastructure error", HostException.MESSAGE_PREFIX);
        AllureResultsFiles.writeCategories(allureResults, categories);
        AllureResultsFiles.writeExecutor(allureResults, System.getenv());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && test.getTags().contains(EXPERIMENT_TAG)) {
            experiments++;
            if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
                experimentsRun++;
            }
        }
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            counts.merge(classify(result.getThrowable().orElse(null)), 1, Integer::sum);
        } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skippedWithReason.put(nameOf(test), result.getThrowable().map(Throwable::getMessage).orElse("no reason given"));
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        Map<String, String> published = entry.getKeyValuePairs();
        if (published.containsKey(FINDING_ENTRY)) {
            try {
                findings.add(JSON.readTree(published.get(FINDING_ENTRY)));
            } catch (JsonProcessingException unreadable) {
                throw new IllegalStateException("a finding's verdict is not JSON: " + published.get(FINDING_ENTRY),
                        unreadable);
            }
            findingSummaries.add(published.getOrDefault(FINDING_SUMMARY_ENTRY, published.get(FINDING_ENTRY)));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (experiments > 0 && experimentsRun == 0) {
            // a gate that measured nothing has passed nothing: the host could not run what was asked of it
            counts.merge(Outcome.INFRASTRUCTURE_ERROR, 1, Integer::sum);
            console.println("[telvirt] " + HostException.MESSAGE_PREFIX + " nothing ran: all " + experiments
                    + " experiment(s) were skipped (reasons below)");
        }
        Outcome worst = counts.keySet().stream().findFirst().orElse(Outcome.PASSED);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("outcome", worst.name());
        verdict.put("exitCode", worst.exitCode());
        ImageUnderTest.ofBuild().ifPresent(image -> verdict.putAll(image.recorded()));
        counts.forEach((outcome, count) -> verdict.put(outcome.name(), count));
        verdict.put("experiments", experiments);
        verdict.put("experimentsRun", experimentsRun);
        verdict.put("skipped", skippedWithReason);
        if (!findings.isEmpty()) {
            verdict.put("findings", findings);
        }
        findingSummaries.forEach(summary -> console.println("[telvirt] finding " + summary));
        skippedWithReason.forEach((test, reason) -> console.println("[telvirt] skipped " + test + ": " + reason));
        console.println("[telvirt] verdict: " + worst + (counts.isEmpty() ? "" : " " + counts)
                + (skippedWithReason.isEmpty() ? "" : ", " + skippedWithReason.size() + " skipped"));
        resultsDirectory.toFile().mkdirs();
        ResultFiles.writeAtomically(resultsDirectory.resolve(VERDICT_FILE), verdict);
        try {
            AtomicFiles.write(resultsDirectory.resolve(EXIT_CODE_FILE),
                    (worst.exitCode() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write " + EXIT_CODE_FILE + ": " + unwritable.getMessage(), unwritable);
        }
    }

    /** {@code Class.method(parameters)}: two classes' tests of one name stay apart. */
    private static String nameOf(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(method -> method.getJavaClass().getSimpleName() + "." + test.getLegacyReportingName())
                .orElse(test.getLegacyReportingName());
    }

    static Outcome classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HostException) {
                return Outcome.INFRASTRUCTURE_ERROR;
            }
            if (cause instanceof InvalidConfigurationException || cause instanceof ExtensionConfigurationException
                    || cause instanceof ParameterResolutionException) {
                return Outcome.CONFIGURATION_ERROR;
            }
        }
        return Outcome.TEST_FAILURE;
    }
}
