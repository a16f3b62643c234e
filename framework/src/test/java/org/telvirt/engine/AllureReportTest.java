package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.telvirt.MediaRun;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.report.AllureResultsFiles;

/**
 * What a reader finds in the Allure report of a run on the fake host, read back as the report generator reads it:
 * the headline numbers on a measured test's page, the run's record and every program's log on a failed one, the
 * environment, and the categories and executor that sort and date the results.
 */
class AllureReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path allureResults;
    @TempDir
    Path results;

    @TelephonyExperiment
    static class Fixture {
        @Test
        @Slo(maxLossPercent = 0)
        void measured(MediaRun run) {
        }

        @Test
        void failsToMeasure(MediaRun run) {
        }
    }

    @Test
    void aMeasuredTestShowsItsNumbersAndAFailedOneItsLogs() throws IOException {
        run("measured");
        FakeHostEvents.failNextMeasurement();
        run("failsToMeasure");

        JsonNode measured = result("measured");
        assertThat(parameters(measured)).containsEntry("loss", "0 %").containsEntry("p50", "0.8 ms")
                .containsEntry("p99", "0.8 ms").containsEntry("MOS", "4.41").containsEntry("SLO", "loss <= 0 %: met");
        assertThat(parameters(measured).keySet()).startsWith("loss", "p50", "p99", "MOS", "SLO");
        JsonNode failed = result("failsToMeasure");
        assertThat(failed.get("attachments")).extracting(attachment -> attachment.get("name").asText())
                .contains("run.json", "media-server.log");
        assertThat(allureResults.resolve("environment.properties")).content()
                .contains("telvirt.host=fake", "cpus=", "java=", "kernel=");
    }

    @Test
    void categoriesFollowTheMessagePrefixesAndTheExecutorNamesTheCiJob() throws IOException {
        AllureResultsFiles.writeCategories(allureResults, Map.of("Infrastructure error", "telvirt infrastructure error:"));
        AllureResultsFiles.writeExecutor(allureResults, Map.of("CI_JOB_URL", "https://ci.invalid/job/7",
                "CI_PIPELINE_IID", "42", "CI_JOB_NAME", "gate", "CI_JOB_ID", "7"));

        JsonNode category = JSON.readTree(allureResults.resolve("categories.json").toFile()).get(0);
        assertThat(category.get("name").asText()).isEqualTo("Infrastructure error");
        assertThat("telvirt infrastructure error: host unreachable").matches(category.get("messageRegex").asText());
        assertThat("SLO violated: loss 3 %").doesNotMatch(category.get("messageRegex").asText());
        JsonNode executor = JSON.readTree(allureResults.resolve("executor.json").toFile());
        assertThat(executor.get("buildOrder").asText()).isEqualTo("42");
        assertThat(executor.get("buildUrl").asText()).isEqualTo("https://ci.invalid/job/7");
    }

    private void run(String method) {
        AllureLifecycle surefireLifecycle = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(allureResults));
        String previousResults = System.setProperty("telvirt.results.dir", results.toString());
        String previousAllure = System.setProperty(AllureResultsFiles.DIRECTORY_PROPERTY, allureResults.toString());
        Allure.setLifecycle(lifecycle);
        try {
            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                            .addTestExecutionListeners(new AllureJunitPlatform(lifecycle)).build())
                    .execute(LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectMethod(Fixture.class, method, MediaRun.class.getName()))
                            .configurationParameter("telvirt.host", FakeHostEvents.profilePath())
                            .configurationParameter("telvirt.seconds", "2").build());
        } finally {
            Allure.setLifecycle(surefireLifecycle);
            restore("telvirt.results.dir", previousResults);
            restore(AllureResultsFiles.DIRECTORY_PROPERTY, previousAllure);
            FakeHostEvents.drain();
        }
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }

    private JsonNode result(String method) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(allureResults)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode result = JSON.readTree(file.toFile());
                if (result.get("name").asText().startsWith(method)) {
                    found.add(result);
                }
            }
        }
        assertThat(found).as("results of " + method).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> parameters(JsonNode result) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        result.get("parameters").forEach(parameter -> parameters.put(parameter.get("name").asText(),
                parameter.get("value").asText()));
        return parameters;
    }
}
