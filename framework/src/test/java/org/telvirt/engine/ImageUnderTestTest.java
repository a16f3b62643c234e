package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.TelephonyExperiment;
import org.telvirt.fake.FakeHostEvents;
import org.telvirt.report.AllureResultsFiles;

/** A gate build names the image it tested in every result; a version of no image is refused before anything runs. */
class ImageUnderTestTest extends FakeHostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path allureResults;

    @BeforeEach
    void allureResultsOfItsOwn() {
        System.setProperty(AllureResultsFiles.DIRECTORY_PROPERTY, allureResults.toString());
    }

    @AfterEach
    void forgetTheImage() {
        System.clearProperty(ImageUnderTest.NAME_PROPERTY);
        System.clearProperty(ImageUnderTest.VERSION_PROPERTY);
        System.clearProperty(AllureResultsFiles.DIRECTORY_PROPERTY);
    }

    @Test
    void theImageAndVersionAreInResultsJsonAndTheAllureEnvironment() throws IOException {
        System.setProperty(ImageUnderTest.NAME_PROPERTY, "media-vm");
        System.setProperty(ImageUnderTest.VERSION_PROPERTY, "2.4.1");

        ExperimentKit.run(Gate.class, results).assertStatistics(stats -> stats.succeeded(1));

        JsonNode written = JSON.readTree(results.resolve(RunResults.FILE).toFile());
        assertThat(written.at("/runs/0/image").asText()).isEqualTo("media-vm 2.4.1");
        Properties environment = new Properties();
        try (var in = Files.newInputStream(allureResults.resolve("environment.properties"))) {
            environment.load(in);
        }
        assertThat(environment).containsEntry("image", "media-vm").containsEntry("image.version", "2.4.1");
    }

    @Test
    void withoutAnImageNothingIsNamed() throws IOException {
        ExperimentKit.run(Gate.class, results);

        JsonNode written = JSON.readTree(results.resolve(RunResults.FILE).toFile());
        assertThat(written.at("/runs/0/image").isNull()).isTrue();
        assertThat(allureResults.resolve("environment.properties")).content().doesNotContain("image");
    }

    @Test
    void aVersionWithoutAnImageIsAConfigurationErrorAndNothingRuns() {
        System.setProperty(ImageUnderTest.VERSION_PROPERTY, "2.4.1");

        Events events = ExperimentKit.run(Gate.class, results);

        events.assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(InvalidConfigurationException.class),
                message(text -> text.contains("-Dtelvirt.imageVersion=2.4.1 without -Dtelvirt.image"))));
        assertThat(FakeHostEvents.drain()).noneMatch(event -> event.startsWith("provision"));
    }

    @TelephonyExperiment
    @MediaStreams(value = 20, seconds = 2)
    static class Gate {
        @Test
        void gate(MediaRun run) {
        }
    }
}
