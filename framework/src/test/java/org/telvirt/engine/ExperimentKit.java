package org.telvirt.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.fake.FakeHostEvents;

/**
 * Runs fixture classes through the Jupiter engine against the fake host (JUnit Pioneer's test-kit style), or through
 * the launcher and the outcome listener for the exit code {@code ./telvirt} would return.
 */
public final class ExperimentKit {
    private ExperimentKit() {
    }

    static Events run(Class<?> fixture, Path resultsDirectory) {
        return run(fixture, resultsDirectory, Map.of());
    }

    /** As {@link #run(Class, Path)}, with more configuration parameters. */
    public static Events run(Class<?> fixture, Path resultsDirectory, Map<String, String> parameters) {
        String previous = System.setProperty("telvirt.results.dir", resultsDirectory.toString());
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("telvirt.host", FakeHostEvents.profilePath())
                    .configurationParameter("telvirt.seconds", "2")
                    .configurationParameters(parameters)
                    .selectors(selectClass(fixture))
                    .execute()
                    .testEvents();
        } finally {
            if (previous == null) {
                System.clearProperty("telvirt.results.dir");
            } else {
                System.setProperty("telvirt.results.dir", previous);
            }
        }
    }

    /**
     * The exit code {@code ./telvirt} would return after the fixture ran against the fake host through the launcher
     * and the outcome listener alone, its results under {@code resultsDirectory}.
     */
    static int exitCode(Class<?> fixture, Path resultsDirectory) {
        return exitCode(fixture, resultsDirectory, FakeHostEvents.profilePath());
    }

    /** As {@link #exitCode(Class, Path)}, on the host {@code hostProfile} (a {@code -Dtelvirt.host} value). */
    public static int exitCode(Class<?> fixture, Path resultsDirectory, String hostProfile) {
        Path outcome = resultsDirectory.resolve("outcome-" + fixture.getSimpleName());
        OutcomeListener listener = new OutcomeListener(outcome, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        String previous = System.setProperty(ResultFiles.DIRECTORY_PROPERTY, resultsDirectory.resolve("launcher")
                .toString());
        try {
            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                    .addTestExecutionListeners(listener).build())
                    .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                            .configurationParameter("telvirt.host", hostProfile)
                            .configurationParameter("telvirt.seconds", "2").build());
            return Integer.parseInt(Files.readString(outcome.resolve(OutcomeListener.EXIT_CODE_FILE)).trim());
        } catch (IOException unwritten) {
            throw new AssertionError("the outcome listener wrote no exit code: " + unwritten, unwritten);
        } finally {
            if (previous == null) {
                System.clearProperty(ResultFiles.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(ResultFiles.DIRECTORY_PROPERTY, previous);
            }
        }
    }
}
