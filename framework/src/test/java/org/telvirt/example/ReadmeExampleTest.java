package org.telvirt.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.telvirt.fake.FakeHostEvents;

class ReadmeExampleTest {
    @TempDir
    Path results;

    @Test
    void theReadmesTestRunsAsWritten() throws Exception {
        FakeHostEvents.drain();
        System.setProperty("telvirt.results.dir", results.toString());
        try {
            EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("telvirt.host", FakeHostEvents.profilePath())
                    .selectors(selectClass(MediaVmGateExample.class)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        } finally {
            System.clearProperty("telvirt.results.dir");
        }
        assertThat(FakeHostEvents.drain()).hasSize(5);
        String record = Files.readString(results.resolve("MediaVmGateExample/tunedMediaVmMeetsSlo")
                .resolve("test-tunedMediaVmMeetsSlo/run.json"));
        assertThat(record).contains("\"cap.cpu1\" : \"fair share\"", "\"weight.dom0\" : \"8192\"",
                "\"callsPerSecond\" : 67.0", "\"cpuBoundVms\" : 2");
    }

    @Test
    void theReadmeShowsThisVerySource() throws Exception {
        Path source = Path.of("src/test/java/org/telvirt/example/MediaVmGateExample.java");
        List<String> body = Files.readAllLines(source).stream()
                .dropWhile(line -> !line.startsWith("@TelephonyExperiment")).toList();
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains(String.join("\n", body).replace("class MediaVmGateExample", "class MediaVmGateIT"));
    }
}
