package org.telvirt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.FigureSource;
import org.telvirt.MediaRun;
import org.telvirt.TelephonyExperiment;
import org.telvirt.fake.FakeHostEvents;

/** A test class's configurations run on one set of running domains, booted on first use and shut down with the class. */
class RunningDomainsTest extends FakeHostTest {
    private static final String REBOOTED = "the domains were booted again before this configuration: fake media-server"
            + " in media exited with 137";

    @Test
    void aFiguresConfigurationsShareOneBootShutDownAfterTheLast() {
        ExperimentKit.run(ThreeColumns.class, results).assertStatistics(stats -> stats.succeeded(3));

        assertThat(FakeHostEvents.drain()).containsExactly("boot",
                "provision D", "measure D", "restore D",
                "provision 2.1", "measure 2.1", "restore 2.1",
                "provision 2.2", "measure 2.2", "restore 2.2",
                "shut down");
    }

    @Test
    void eachTestClassBootsItsOwnDomainsAfterTheClassBeforeShutItsDown() {
        System.setProperty("telvirt.results.dir", results.toString());
        try {
            EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("telvirt.host", FakeHostEvents.profilePath())
                    .configurationParameter("telvirt.seconds", "2")
                    .selectors(selectClass(ThreeColumns.class), selectClass(OneColumn.class))
                    .execute().testEvents().assertStatistics(stats -> stats.succeeded(4));
        } finally {
            System.clearProperty("telvirt.results.dir");
        }

        assertThat(FakeHostEvents.drain()).filteredOn(event -> !event.startsWith("measure")
                && !event.startsWith("restore")).containsExactly(
                "boot", "provision D", "provision 2.1", "provision 2.2", "shut down",
                "boot", "provision 3.1", "shut down");
    }

    @Test
    void domainsWithADeadServerAreShutDownAndTheNextRunBootsNewOnesAndSaysWhy() throws Exception {
        FakeHostEvents.serverDiesAfter(0);

        ExperimentKit.run(ThreeColumns.class, results).assertStatistics(stats -> stats.succeeded(3));

        assertThat(FakeHostEvents.drain()).containsExactly("boot",
                "provision D", "measure D", "restore D",
                "shut down", "boot",
                "provision 2.1", "measure 2.1", "restore 2.1",
                "provision 2.2", "measure 2.2", "restore 2.2",
                "shut down");
        assertThat(runRecord("fig06-2.1")).contains(REBOOTED);
        assertThat(runRecord("fig06-D")).doesNotContain("booted again");
        assertThat(runRecord("fig06-2.2")).as("said once, by the first run on the new domains")
                .doesNotContain("booted again");
    }

    @Test
    void aConfigurationThatFailsRestoresTheHostAtOnceAndTheNextBootsAgain() throws Exception {
        FakeHostEvents.failNextMeasurement();

        ExperimentKit.run(ThreeColumns.class, results).assertStatistics(stats -> stats.failed(1).succeeded(2));

        assertThat(FakeHostEvents.drain()).containsExactly("boot",
                "provision D", "measure D", "restore D",
                "shut down", "boot",
                "provision 2.1", "measure 2.1", "restore 2.1",
                "provision 2.2", "measure 2.2", "restore 2.2",
                "shut down");
        assertThat(runRecord("fig06-2.1")).contains("the domains were booted again before this configuration:"
                + " configuration D failed on the domains before: ", "fake measurement failure");
    }

    private String runRecord(String configurationKey) throws Exception {
        return Files.readString(results.resolve("ThreeColumns").resolve("figure").resolve(configurationKey)
                .resolve("run.json"));
    }

    @TelephonyExperiment
    static class ThreeColumns {
        @ParameterizedTest(name = "{0}")
        @FigureSource(value = Figure.WEIGHTS, configurations = {"D", "2.1", "2.2"})
        void figure(Configuration configuration, MediaRun run) {
        }
    }

    @TelephonyExperiment
    static class OneColumn {
        @ParameterizedTest(name = "{0}")
        @FigureSource(value = Figure.WEIGHTS, configurations = "3.1")
        void figure(Configuration configuration, MediaRun run) {
        }
    }
}
