package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Allure lifecycle, writing into a temporary results directory. */
class AllureAttachmentsTest {
    @TempDir
    Path results;
    @TempDir
    Path files;

    private AllureLifecycle surefireLifecycle;
    private AllureLifecycle lifecycle;

    @BeforeEach
    void useTemporaryResults() {
        surefireLifecycle = Allure.getLifecycle();
        lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
    }

    @AfterEach
    void restoreResults() {
        Allure.setLifecycle(surefireLifecycle);
    }

    @Test
    void attachesFilesAndParametersToTheRunningTest() throws IOException {
        Path csv = Files.writeString(files.resolve("delay.csv"), "configuration,streams\nD,800\n");
        Path hlog = Files.writeString(files.resolve("run.hlog"), "#[StartTime: 0]\n");
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("figure 7 D"));
        lifecycle.startTestCase(uuid);

        assertThat(AllureAttachments.attachFile(csv)).isTrue();
        assertThat(AllureAttachments.attachFile("histogram", hlog)).isTrue();
        Map<String, Object> knobs = new LinkedHashMap<>();
        knobs.put("configuration", "D");
        knobs.put("dom0 weight", 256);
        assertThat(AllureAttachments.parameters(knobs)).isTrue();
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);

        JsonNode result = new ObjectMapper().readTree(results.resolve(uuid + "-result.json").toFile());
        assertThat(result.at("/attachments/0/name").asText()).isEqualTo("delay.csv");
        assertThat(result.at("/attachments/0/type").asText()).isEqualTo("text/csv");
        assertThat(result.at("/attachments/1/name").asText()).isEqualTo("histogram");
        assertThat(result.at("/attachments/1/type").asText()).isEqualTo("text/plain");
        assertThat(results.resolve(result.at("/attachments/0/source").asText())).hasSameTextualContentAs(csv);
        assertThat(result.at("/parameters/0/name").asText()).isEqualTo("configuration");
        assertThat(result.at("/parameters/1/value").asText()).isEqualTo("256");
    }

    @Test
    void attachesNothingAndSaysSoWhenNoTestRuns() throws IOException {
        Path png = Files.write(files.resolve("boxplot.png"), new byte[] {1, 2, 3});

        assertThat(AllureAttachments.testIsRunning()).isFalse();
        assertThat(AllureAttachments.attachFile(png)).isFalse();
        assertThat(AllureAttachments.parameter("configuration", "D")).isFalse();
        try (Stream<Path> written = Files.list(results)) {
            assertThat(written).as("no stray attachment file").isEmpty();
        }
    }

    @Test
    void namesTheMissingFile() {
        assertThatThrownBy(() -> AllureAttachments.attachFile(files.resolve("absent.hlog")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absent.hlog");
    }

    @Test
    void picksTheMediaTypeFromTheExtension() {
        assertThat(AllureAttachments.mediaType(Path.of("a/boxplot.PNG"))).isEqualTo("image/png");
        assertThat(AllureAttachments.mediaType(Path.of("summary.json"))).isEqualTo("application/json");
        assertThat(AllureAttachments.mediaType(Path.of("run.hlog"))).isEqualTo("text/plain");
        assertThat(AllureAttachments.mediaType(Path.of("core"))).isEqualTo("application/octet-stream");
    }
}
