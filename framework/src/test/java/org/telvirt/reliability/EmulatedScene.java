package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.hostkit.journal.DirectoryCreated;
import org.telvirt.hostkit.journal.FileWrite;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.ProcessStarted;
import org.telvirt.hostkit.journal.Undo;

/**
 * Experiments on the real emulated host with their own results and journal directories, the host's
 * state taken before and checked after: what every reliability test needs.
 */
final class EmulatedScene implements AutoCloseable {
    static final String RESULTS_PROPERTY = "telvirt.results.dir";

    private final Path results;
    private final Path journals;
    private final HostBaseline baseline;
    private final JournalWatch watch;
    private final FileTime journalsModified;
    private final String previousResults;
    private final String previousJournals;

    private EmulatedScene(Path directory) throws IOException {
        results = Files.createDirectories(directory.resolve("results"));
        journals = Files.createDirectories(directory.resolve("journal"));
        baseline = HostBaseline.take();
        journalsModified = Files.getLastModifiedTime(journals);
        watch = JournalWatch.of(journals);
        previousResults = System.setProperty(RESULTS_PROPERTY, results.toString());
        previousJournals = System.setProperty(KnobJournal.DIR_PROPERTY, journals.toString());
    }

    /** Takes the host's state and starts watching the journals; {@code directory} holds results and journals. */
    static EmulatedScene open(Path directory) throws IOException {
        return new EmulatedScene(directory);
    }

    Path results() {
        return results;
    }

    Path journals() {
        return journals;
    }

    /** Runs a fixture class through the Jupiter engine in this JVM, on the built-in {@code emulated} host. */
    Events run(Class<?> fixture, Map<String, String> parameters) {
        return run(selectClass(fixture), parameters);
    }

    /** Runs the selected tests; {@code parameters} may choose another {@code telvirt.host}. */
    Events run(DiscoverySelector selector, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("telvirt.host", "emulated")
                .configurationParameters(parameters)
                .selectors(selector)
                .execute()
                .testEvents();
    }

    /** Waits until the journals hold a change of the given kind (the watch polls them). */
    void changesInclude(Class<? extends Undo> kind, Duration timeout) throws InterruptedException {
        assertThat(watch.awaitEntry(kind::isInstance, timeout)).as("a journalled %s", kind.getSimpleName()).isTrue();
    }

    /** Every change the runs journalled so far. */
    List<Undo> changes() {
        return watch.entries();
    }

    /**
     * Asserts that the runs touched the host and that it is now exactly as it was; {@code runJvmPids}
     * are the JVMs that ran experiments (this one is always included).
     *
     * @return how many journalled changes were checked
     */
    int assertHostRestored(long... runJvmPids) throws IOException {
        List<Undo> changes = changes();
        HostBaseline.assertTouchedTheHost(changes);
        long[] pids = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(ProcessHandle.current().pid()),
                java.util.Arrays.stream(runJvmPids)).toArray();
        int checked = baseline.assertRestored(changes, watch, pids);
        System.out.printf("[reliability] host restored: %d journalled changes undone and read back (%d cgroups created,"
                        + " %d knob writes, %d processes started)%n", checked, count(changes, DirectoryCreated.class),
                count(changes, FileWrite.class), count(changes, ProcessStarted.class));
        return checked;
    }

    private static long count(List<Undo> changes, Class<? extends Undo> kind) {
        return changes.stream().filter(kind::isInstance).count();
    }

    /**
     * Asserts that nothing on the host changed at all: no journal was ever opened (so no cgroup was
     * created, no knob written and no process started), and the host is as it was.
     */
    void assertHostUntouched() throws IOException {
        assertThat(changes()).as("changes journalled").isEmpty();
        assertThat(Files.getLastModifiedTime(journals)).as("the journal directory (a journal opened would change it)")
                .isEqualTo(journalsModified);
        baseline.assertRestored(List.of(), watch, ProcessHandle.current().pid());
    }

    /** Runs a command of this machine's (mount, umount, kill) and asserts it succeeded. */
    static void runCommand(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
        restore(RESULTS_PROPERTY, previousResults);
        restore(KnobJournal.DIR_PROPERTY, previousJournals);
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
