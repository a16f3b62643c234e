package org.telvirt.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telvirt.host.HostProfiles;
import org.telvirt.report.EndOfRunTable;

/** The user's GitLab pipeline is valid YAML whose jobs run real commands against real profiles. */
class PipelineFileTest {
    private static final Path ROOT = Path.of("..");
    private static JsonNode pipeline;

    @BeforeAll
    static void parse() throws Exception {
        pipeline = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve(".gitlab-ci.yml").toFile());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void stagesGoFromBuildToReport() {
        assertThat(texts(pipeline.get("stages"))).containsExactly("build", "unit-tests", "gate", "report");
        for (String job : List.of("build", "unit-tests", "gate", "report")) {
            assertThat(pipeline.get(job)).as(job).isNotNull();
        }
    }

    @Test
    void unitTestsRunTheReadmesTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("./telvirt verify ");
        assertThat(texts(pipeline.get("unit-tests").get("script"))).anyMatch(line -> line.matches("\\./telvirt .*verify"));
    }

    @Test
    void theGateRunsTheGateProfileOnEveryLabHostInParallelAndReportsJunit() throws Exception {
        JsonNode gate = pipeline.get("gate");
        assertThat(texts(gate.get("script"))).anyMatch(line -> line.startsWith("./telvirt ")
                && line.contains(" verify -Pgate ") && line.contains("-Dtelvirt.host=$TELVIRT_HOST"));
        assertThat(texts(gate.get("tags"))).contains("telvirt-lab");
        assertThat(texts(gate.at("/artifacts/reports/junit"))).anyMatch(path -> path.contains("failsafe-reports"));
        List<String> hosts = texts(gate.at("/parallel/matrix/0/TELVIRT_HOST"));
        assertThat(hosts).isNotEmpty().noneMatch(host -> host.contains("example-"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(pom).contains("<id>gate</id>");
        for (String host : hosts) {
            String nameOrPath = HostProfiles.BUILT_IN.contains(host) ? host : ROOT.resolve(host).toString();
            assertThat(HostProfiles.load(nameOrPath).name()).as(host).isNotBlank();
        }
    }

    @Test
    void theReportJobBuildsOneAllureReportFromEveryGateJob() throws Exception {
        JsonNode report = pipeline.get("report");
        assertThat(report.at("/needs/0/job").asText()).isEqualTo("gate");
        String profile = texts(report.get("script")).stream().filter(line -> line.contains("-P")).findFirst()
                .orElseThrow().replaceAll(".*-P([\\w-]+).*", "$1");
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<id>" + profile + "</id>");
        assertThat(texts(report.at("/artifacts/paths"))).contains("allure-report/");
    }

    @Test
    void everyGateJobHandsItsAllureResultsToTheReportEvenWhenItsGateFailed() {
        JsonNode gate = pipeline.get("gate");
        assertThat(gate.at("/artifacts/when").asText()).isEqualTo("always");
        assertThat(texts(gate.at("/artifacts/paths"))).contains("allure-results/");
        JsonNode report = pipeline.get("report");
        assertThat(report.get("when").asText()).as("a failed gate is what the report must show").isEqualTo("always");
        assertThat(report.at("/needs/0/artifacts").asBoolean()).isTrue();
        assertThat(report.get("stage").asText()).isEqualTo("report");
        assertThat(report.has("parallel")).as("one report for all gate jobs").isFalse();
    }

    @Test
    void aLabHostRunsOnePipelineAtATimeAndOnlyItsOwnFailuresAreRetried() {
        JsonNode gate = pipeline.get("gate");
        assertThat(gate.get("resource_group").asText()).contains("$TELVIRT_HOST");
        assertThat(texts(gate.at("/retry/exit_codes"))).as("retry on infrastructure errors only").containsExactly("3");
        assertThat(gate.at("/retry/max").asInt()).isPositive();
        assertThat(gate.get("timeout").asText()).isNotBlank();
        assertThat(pipeline.at("/default/interruptible").asBoolean()).isTrue();
    }

    @Test
    void theGateTakesTheImageItsVersionAndABaselineAsInputs() {
        for (String input : List.of("TELVIRT_IMAGE", "TELVIRT_IMAGE_VERSION", "TELVIRT_BASELINE_REF")) {
            assertThat(pipeline.at("/variables/" + input + "/description").asText()).as(input).isNotBlank();
        }
        List<String> script = texts(pipeline.at("/gate/script"));
        assertThat(script).anyMatch(line -> line.startsWith("./telvirt ") && line.contains("-Dtelvirt.image=$TELVIRT_IMAGE")
                && line.contains("-Dtelvirt.imageVersion=$TELVIRT_IMAGE_VERSION") && line.contains("$BASELINE_ARGS"));
        assertThat(script).anyMatch(line -> line.contains("jobs/artifacts/$TELVIRT_BASELINE_REF/download")
                && line.contains("-Dtelvirt.baseline=baseline/experiment-suites/target/telvirt"));
        assertThat(texts(pipeline.at("/gate/artifacts/paths"))).as("what the next release's baseline is made of")
                .contains("experiment-suites/target/telvirt/");
    }

    @Test
    void laterJobsReuseTheBuildAndTheGatePublishesItsMetrics() {
        for (String job : List.of("unit-tests", "gate")) {
            assertThat(texts(pipeline.get(job).get("needs"))).as(job).contains("build");
        }
        assertThat(texts(pipeline.at("/build/artifacts/paths"))).contains("*/target/classes/",
                "workloads/target/telvirt.jar");
        assertThat(pipeline.at("/gate/artifacts/reports/metrics").asText())
                .endsWith("target/telvirt/" + EndOfRunTable.METRICS_FILE);
    }
}
