package org.telvirt.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.fake.FakeHostEvents;

/** Runs fixture classes through the Jupiter engine against the fake host (JUnit Pioneer's test-kit style). */
final class ExperimentKit {
    private ExperimentKit() {
    }

    static Events run(Class<?> fixture, Path resultsDirectory) {
        return run(fixture, resultsDirectory, Map.of());
    }

    /** As {@link #run(Class, Path)}, with more configuration parameters. */
    static Events run(Class<?> fixture, Path resultsDirectory, Map<String, String> parameters) {
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
}
