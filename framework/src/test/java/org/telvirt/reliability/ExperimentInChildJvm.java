package org.telvirt.reliability;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test JVM of its own, for the endings that kill one: runs the fixture class given as the only
 * argument on the emulated host, with {@code -Dtelvirt.results.dir} and {@code -Dtelvirt.journal.dir}
 * from its command line, and prints the engine's statistics when (if) it finishes.
 */
public final class ExperimentInChildJvm {
    private ExperimentInChildJvm() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        System.out.println("STARTED " + ProcessHandle.current().pid());
        System.out.flush();
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("telvirt.host", "emulated")
                .selectors(selectClass(Class.forName(args[0])))
                .execute()
                .testEvents()
                .debug();
        System.out.println("FINISHED");
    }
}
