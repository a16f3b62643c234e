package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.TelephonyExperiment;
import org.telvirt.HostException;
import org.telvirt.host.generators.GeneratorLab;
import org.telvirt.host.generators.GeneratorNamespace;

/**
 * A generator host that dies mid-run (every process of its namespace killed, its sshd and its
 * rtp-client included) fails the test as an infrastructure error naming it, never as streams
 * silently lost; the other generator is stopped and the emulated host restored.
 */
@Timeout(180)
class DroppedGeneratorTest {
    private static final List<String> EMULATED_HOST = List.of("cores: 4", "l2Groups: [[0, 1], [2, 3]]",
            "streamScale: 1.0", "scheduler: credit");

    @TempDir
    Path directory;

    @Test
    void aGeneratorKilledMidRunIsAnInfrastructureFailureNamingItAndTheHostIsRestored() throws Exception {
        Assumptions.assumeTrue(GeneratorNamespace.available(), "needs root, iproute2 and openssh-server");
        GeneratorLab lab = GeneratorLab.create(2, directory.resolve("lab"));
        try (lab; EmulatedScene scene = EmulatedScene.open(directory)) {
            Path profile = lab.profile("dropping-generator", "emulated", EMULATED_HOST);
            GeneratorNamespace doomed = lab.namespaces().get(1);
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killOnceSending(doomed));

            Events events = scene.run(LongRun.class, Map.of("telvirt.host", profile.toString()));
            killer.get(60, TimeUnit.SECONDS);

            Throwable failure = events.failed().stream().findFirst().orElseThrow()
                    .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
            assertThat(failure).as("an infrastructure error, exit code 3 of ./telvirt").isInstanceOf(HostException.class)
                    .hasMessageStartingWith("telvirt infrastructure error: generator '" + doomed.name() + "'")
                    .hasMessageContaining(doomed.address())
                    .hasMessageContaining("stopped the other generators: " + lab.namespaces().get(0).name());
            assertThat(lab.namespaces().get(0).commandLines()).as("processes left in the surviving generator")
                    .noneMatch(line -> line.contains("rtp-client"));
            scene.assertHostRestored();
        }
        assertThat(lab.anyLeft()).as("namespaces left after the test").isFalse();
    }

    /** Waits until the generator's rtp-client runs, lets it send a moment, then kills everything there. */
    private static void killOnceSending(GeneratorNamespace generator) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (generator.commandLines().stream().noneMatch(line -> line.contains("rtp-client"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no rtp-client ever ran in " + generator.name());
                }
                Thread.sleep(100);
            }
            Thread.sleep(Duration.ofSeconds(7).toMillis());
            generator.killEverything();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = 40, seconds = 20, warmupSeconds = 1)
    static class LongRun {
        @Test
        void fortyStreams(MediaRun run) {
            throw new AssertionError("the run should have failed when its generator died, but measured " + run);
        }
    }
}
