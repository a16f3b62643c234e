package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.TelephonyExperiment;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.ProcessStarted;
import org.telvirt.hostkit.journal.Undo;

/**
 * The test JVM itself dies in the middle of a measurement on the real emulated host. Ctrl-C
 * (SIGINT) and SIGTERM run the journal's shutdown hook, which restores the host before the JVM
 * exits; SIGKILL leaves the journal and the run's processes behind, and both the next run and
 * {@code telvirt.jar host restore} restore from the journal and end those orphans.
 */
class RestoreAfterSignalTest {
    private static final Path TELVIRT_JAR = Path.of("..", "workloads", "target", "telvirt.jar");
    private static final Duration MEASURING_TIMEOUT = Duration.ofSeconds(60);
    /** SIGINT's bit in the masks of {@code /proc/<pid>/status}. */
    private static final long SIGINT_BIT = 1L << 1;

    @TempDir
    Path directory;

    @Test
    void ctrlCRestoresThroughTheShutdownHook() throws Exception {
        // a build started in the background by a non-interactive shell inherits SIGINT ignored, and so does every JVM
        // it starts: such a JVM never sees Ctrl-C, so there is nothing to test
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this build's processes (started in the background by a"
                + " non-interactive shell), so no JVM it starts can receive Ctrl-C");
        try (EmulatedScene scene = EmulatedScene.open(directory);
             ChildJvm child = experimentInChild(scene)) {
            awaitMeasuring(scene, child);

            signal(child, "INT");
            String output = child.remainingOutput(Duration.ofSeconds(30));

            assertThat(child.process().exitValue()).as(output).isEqualTo(130);
            assertThat(output).contains("shutting down, restoring the host from journal").contains("all verified")
                    .doesNotContain("FINISHED");
            scene.assertHostRestored(child.process().pid());
        }
    }

    @Test
    void sigtermRestoresThroughTheShutdownHook() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory);
             ChildJvm child = experimentInChild(scene)) {
            awaitMeasuring(scene, child);

            signal(child, "TERM");
            String output = child.remainingOutput(Duration.ofSeconds(30));

            assertThat(child.process().exitValue()).as(output).isEqualTo(143);
            assertThat(output).contains("shutting down, restoring the host from journal").contains("all verified");
            scene.assertHostRestored(child.process().pid());
        }
    }

    @Test
    void afterSigkillTheNextRunRestoresFromTheJournal() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            long killed = killInTheMiddleOfAMeasurement(scene);

            scene.run(RestoreAfterEveryEndingTest.Passing.class, RestoreAfterEveryEndingTest.SHORT_RUNS)
                    .assertStatistics(stats -> stats.succeeded(1));

            assertThat(Files.readString(scene.results().resolve("Passing/tunedAndPinned/test-tunedAndPinned/run.json")))
                    .contains("restored a journal a killed run left behind");
            scene.assertHostRestored(killed);
        }
    }

    @Test
    void afterSigkillHostRestoreRestoresFromTheJournal() throws Exception {
        assertThat(TELVIRT_JAR).as("the workloads module's executable jar (mvn package builds it)").isRegularFile();
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            long killed = killInTheMiddleOfAMeasurement(scene);

            Process restore = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", TELVIRT_JAR.toString(), "host", "restore", "--journal-dir", scene.journals().toString())
                    .redirectErrorStream(true).start();
            String output = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(restore.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(restore.exitValue()).as(output).isZero();
            assertThat(output).contains("left behind by a run that did not restore the host", "all verified",
                    "process-started", "directory-created");
            scene.assertHostRestored(killed);
        }
    }

    /** SIGKILL, then proof that it left work for a restore: its journal, and processes of its run still running. */
    private long killInTheMiddleOfAMeasurement(EmulatedScene scene) throws Exception {
        try (ChildJvm child = experimentInChild(scene)) {
            awaitMeasuring(scene, child);
            child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            List<Undo> changes = scene.changes();
            assertThat(changes.stream().filter(ProcessStarted.class::isInstance).map(ProcessStarted.class::cast)
                    .filter(started -> ProcFs.isRunning(started.pid(), started.startTicks())))
                    .as("orphans of the killed run").isNotEmpty();
            assertThat(Files.list(scene.journals())).as("the killed run's journal").isNotEmpty();
            return child.process().pid();
        }
    }

    private static boolean sigintIgnored() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("SigIgn:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(ignored -> (ignored & SIGINT_BIT) != 0);
    }

    private static ChildJvm experimentInChild(EmulatedScene scene) throws IOException {
        return ChildJvm.start(ExperimentInChildJvm.class, List.of(
                "-D" + EmulatedScene.RESULTS_PROPERTY + "=" + scene.results(),
                "-D" + KnobJournal.DIR_PROPERTY + "=" + scene.journals(),
                // as every unit test: the host's machinery, not its regime, so no calibration run first
                "-Dtelvirt.calibration=off"), LongExperiment.class.getName());
    }

    /** Waits until the child's client has been sending for a second: mid-measurement, the host fully tuned. */
    private static void awaitMeasuring(EmulatedScene scene, ChildJvm child) throws Exception {
        child.awaitLine("STARTED");
        Path clientLog = scene.results().resolve("LongExperiment/thirtySeconds/test-thirtySeconds/rtp-client.log");
        long deadline = System.nanoTime() + MEASURING_TIMEOUT.toNanos();
        while (!(Files.exists(clientLog) && Files.readString(clientLog).contains(" s "))) {
            assertThat(child.process().isAlive()).as("the child JVM runs the experiment").isTrue();
            assertThat(System.nanoTime()).as("the client started within %s", MEASURING_TIMEOUT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void signal(ChildJvm child, String signal) throws Exception {
        EmulatedScene.runCommand("kill", "-s", signal, Long.toString(child.process().pid()));
    }

    /** Run by {@link ExperimentInChildJvm}; the test kills that JVM long before the 30 s are over. */
    @TelephonyExperiment
    @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, seconds = 30, warmupSeconds = 1)
    public static class LongExperiment {
        @org.junit.jupiter.api.Test
        void thirtySeconds(MediaRun run) {
        }
    }
}
