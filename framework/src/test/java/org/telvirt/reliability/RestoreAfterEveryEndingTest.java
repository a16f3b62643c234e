package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.telvirt.CpuBoundVms;
import org.telvirt.ExperimentTimeoutException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Pin;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.Weights;
import org.telvirt.HostException;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * However a test on the real emulated host ends, the host is put back: every cgroup file the run
 * wrote reads back its old value, every cgroup it made is gone and every process it started has
 * ended. One test per ending that happens inside the test JVM; the JVM's own death (signals) is in
 * {@link RestoreAfterSignalTest}.
 */
class RestoreAfterEveryEndingTest {
    /** 20 streams on the emulated host (its profile runs 15 % of the paper's stream counts). */
    static final int STREAMS = 134;
    static final Map<String, String> SHORT_RUNS = Map.of("telvirt.seconds", "2", "telvirt.warmupSeconds", "1");

    @TempDir
    Path directory;

    @Test
    void aPassingTest() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            Events events = scene.run(Passing.class, SHORT_RUNS);

            events.assertThatEvents().haveExactly(1, event(test("tunedAndPinned"), finishedSuccessfully()));
            scene.assertHostRestored();
        }
    }

    @Test
    void anSloFailureKeepsItsResults() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            Events events = scene.run(MissedSlo.class, SHORT_RUNS);

            events.assertThatEvents().haveExactly(1, event(test("impossibleDelay"), finishedWithFailure(
                    instanceOf(AssertionFailedError.class), message(text -> text.startsWith("SLO violated: p99 delay")))));
            scene.assertHostRestored();
            Path run = scene.results().resolve("MissedSlo/impossibleDelay/test-impossibleDelay");
            assertResultsReadable(run);
            assertThat(new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("sloViolations"))
                    .as("the record says why the SLO failed").isNotEmpty();
        }
    }

    @Test
    void anAssertionErrorInTheTestBody() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            Events events = scene.run(FailingBody.class, SHORT_RUNS);

            events.assertThatEvents().haveExactly(1, event(test("bodyFails"), finishedWithFailure(
                    instanceOf(AssertionError.class), message(text -> text.contains("the body's own check failed")))));
            scene.assertHostRestored();
            assertResultsReadable(scene.results().resolve("FailingBody/bodyFails/test-bodyFails"));
        }
    }

    /** The RTP client dies in the middle of the measurement (here: SIGKILL from outside). */
    @Test
    void anExceptionDuringTheMeasurement() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            Thread killer = killRtpClientOnceRunning(scene.results());

            Events events = scene.run(LongRun.class, Map.of());

            killer.join(TimeUnit.SECONDS.toMillis(30));
            events.assertThatEvents().haveExactly(1, event(test("thirtySeconds"), finishedWithFailure(
                    instanceOf(HostException.class), message(text -> text.contains("rtp-client exited with 137")))));
            scene.assertHostRestored();
            Path run = scene.results().resolve("LongRun/thirtySeconds/test-thirtySeconds");
            JsonNode record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
            assertThat(record.get("failure").asText()).contains("rtp-client exited with 137");
            assertThat(run.resolve("delay.hlog")).as("a partial log never takes the final name").doesNotExist();
        }
    }

    /**
     * JUnit applies {@code @Timeout} to the test body; the experiment runs before it, so telvirt
     * holds the experiment to the same limit: the run stops when it passes, and the user sees why.
     */
    @Test
    void aRunThatExceedsItsTimeLimit() throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            long started = System.nanoTime();
            Events events = scene.run(TimeLimited.class, Map.of());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            events.assertThatEvents().haveExactly(1, event(test("boundedByItsTimeout"), finishedWithFailure(
                    instanceOf(ExperimentTimeoutException.class), message(text -> text.startsWith(
                            "@Timeout(6 seconds) on boundedByItsTimeout(): configuration boundedByItsTimeout on host"
                                    + " 'emulated' was still measuring when its 6.0 s passed")
                            && text.contains("the host restored")))));
            assertThat(took).as("stopped at its limit, not after its 60 s").isLessThan(Duration.ofSeconds(25));
            scene.assertHostRestored();
        }
    }

    static void assertResultsReadable(Path run) throws Exception {
        RunSummary summary = RunSummary.read(run.resolve("summary.json"));
        assertThat(RunHistograms.read(run.resolve("delay.hlog")).delayMicros().getTotalCount())
                .isEqualTo(summary.packetsReceived()).isPositive();
        assertThat(new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("summary").get("packetsSent")
                .asLong()).isEqualTo(summary.packetsSent());
    }

    /** Kills the measuring rtp-client writing into {@code results} two seconds into its measurement. */
    static Thread killRtpClientOnceRunning(Path results) {
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Optional<ProcessHandle> client = ProcessHandle.allProcesses().filter(process -> {
                    String command = ProcFs.commandLine(process.pid());
                    return command.contains(" rtp-client ") && command.contains(results.toString())
                            // the measuring client, not the one that warms the packet path up before it
                            && command.contains("delay.hlog");
                }).findFirst();
                if (client.isPresent()) {
                    sleep(2_000);
                    client.get().destroyForcibly();
                    return;
                }
                sleep(20);
            }
        }, "rtp-client-killer");
        killer.start();
        return killer;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = STREAMS, seconds = 2, warmupSeconds = 1)
    @SignalingLoad(callsPerSecond = 20, holdSeconds = 1)
    @CpuBoundVms(2)
    static class Passing {
        @Test
        @Weights(dom0 = 1024, media = 1024)
        @Pin(domain = Role.CPU_BOUND, cpus = "2-3")
        @Slo(maxLossPercent = 100)
        void tunedAndPinned(MediaRun run) {
            assertThat(run.packetsSent()).isPositive();
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = STREAMS, seconds = 2, warmupSeconds = 1)
    static class MissedSlo {
        @Test
        @Slo(maxLossPercent = 100, p99DelayMillis = 0.001)
        void impossibleDelay(MediaRun run) {
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = STREAMS, seconds = 2, warmupSeconds = 1)
    static class FailingBody {
        @Test
        @Slo(maxLossPercent = 100)
        void bodyFails(MediaRun run) {
            assertThat(run.packetsSent()).as("the body's own check failed").isNegative();
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = STREAMS, seconds = 30, warmupSeconds = 1)
    static class LongRun {
        @Test
        void thirtySeconds(MediaRun run) {
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = STREAMS, seconds = 60, warmupSeconds = 1)
    static class TimeLimited {
        @Test
        @Timeout(6)
        void boundedByItsTimeout(MediaRun run) {
        }
    }
}
