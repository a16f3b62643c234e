package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A parameterized figure run through the real JUnit launcher with the real allure-junit-platform
 * listener (the versions of the top pom), its Allure results written into a temporary directory
 * and read back as the report generator would read them.
 */
class FigureReportAllureTest {
    private static final String FIGURE = "Figure T: a figure under test";
    private static final String FIGURE_DIRECTORY = "telvirt.test.figureDirectory";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path allureResults;
    @TempDir
    Path figureDirectory;

    /** Records every invocation into the figure; "2.1" fails to measure, as a broken run would. */
    static final class FigureFixture {
        @RegisterExtension
        static final FigureRecorder RECORDER = new FigureRecorder();

        @ParameterizedTest(name = "{0}", quoteTextArguments = false)
        @ValueSource(strings = {"N", "D", "2.1"})
        void figure(String configuration) {
            if (configuration.equals("2.1")) {
                throw new IllegalStateException("media domain did not start");
            }
        }
    }

    static final class FigureRecorder implements BeforeEachCallback, AfterEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            AllureAttachments.parameter("configuration", context.getDisplayName());
            AllureAttachments.parameter("dom0 weight", 256);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            String id = context.getDisplayName();
            DelayRow row = context.getExecutionException().isPresent()
                    ? DelayRow.noData(id, 100, context.getExecutionException().get().getMessage())
                    : SyntheticDelays.row(id, 100, 0.0, id.hashCode(), 200, 0.5);
            Path directory = Path.of(context.getConfigurationParameter(FIGURE_DIRECTORY).orElseThrow());
            FigureReport.of(context, FIGURE, directory).add(row);
        }
    }

    @Test
    void writesTheFigureOnceAfterTheLastInvocationAndShowsItOnEachConfigurationsPage() throws IOException {
        TestExecutionSummary summary = runFixture();

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(Files.readString(figureDirectory.resolve(FigureReport.CSV_FILE)).lines())
                .extracting(line -> line.split(",")[0])
                .containsExactly("configuration", "N", "D", "2.1");
        assertThat(Files.readString(figureDirectory.resolve(FigureReport.MARKDOWN_FILE)))
                .startsWith("## " + FIGURE).contains(DelayBoxplot.READING_THE_GRAPH, "no data: media domain did not start");
        assertThat(figureDirectory.resolve(FigureReport.BOXPLOT_FILE)).isNotEmptyFile();

        List<JsonNode> tests = read("-result.json");
        assertThat(tests).extracting(test -> test.at("/parameters").toString())
                .allSatisfy(parameters -> assertThat(parameters).contains("configuration", "dom0 weight"));
        assertThat(tests).extracting(test -> test.get("name").asText())
                .containsExactlyInAnyOrder("figure(String) N", "figure(String) D", "figure(String) 2.1");

        List<JsonNode> figureTearDowns = new ArrayList<>();
        for (JsonNode container : read("-container.json")) {
            for (JsonNode after : container.path("afters")) {
                figureTearDowns.add(after);
                assertThat(container.get("name").asText()).isEqualTo("figure(String)");
                assertThat(container.get("children")).hasSize(3);
            }
        }
        assertThat(figureTearDowns).hasSize(1);
        JsonNode tearDown = figureTearDowns.get(0);
        assertThat(tearDown.get("name").asText()).isEqualTo("boxplot of " + FIGURE);
        assertThat(tearDown.get("status").asText()).isEqualTo("passed");
        assertThat(tearDown.at("/attachments/0/type").asText()).isEqualTo("image/png");
        assertThat(tearDown.at("/attachments/1/type").asText()).isEqualTo("text/csv");
        assertThat(allureResults.resolve(tearDown.at("/attachments/0/source").asText()))
                .hasSameBinaryContentAs(figureDirectory.resolve(FigureReport.BOXPLOT_FILE));
    }

    private TestExecutionSummary runFixture() {
        AllureLifecycle surefireLifecycle = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(allureResults));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Allure.setLifecycle(lifecycle);
        try {
            LauncherFactory.create(LauncherConfig.builder()
                            .enableTestExecutionListenerAutoRegistration(false)
                            .addTestExecutionListeners(new AllureJunitPlatform(lifecycle), summary)
                            .build())
                    .execute(LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClass(FigureFixture.class))
                            .configurationParameter(FIGURE_DIRECTORY, figureDirectory.toString())
                            .build());
        } finally {
            Allure.setLifecycle(surefireLifecycle);
        }
        return summary.getSummary();
    }

    private List<JsonNode> read(String suffix) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.list(allureResults)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                nodes.add(JSON.readTree(file.toFile()));
            }
        }
        return nodes;
    }
}
