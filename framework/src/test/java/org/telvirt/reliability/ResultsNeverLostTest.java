package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.TelephonyExperiment;
import org.telvirt.HostException;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * Results on a disk that fills up in the middle of a run on the real emulated host: the run fails
 * with a message that says so, the host is restored, and no result file is left half written.
 * (Results of runs that fail their SLO or their test body are kept: {@link RestoreAfterEveryEndingTest};
 * a writer killed mid-write: the workloads module's {@code AtomicFilesTest}.)
 */
class ResultsNeverLostTest {
    @TempDir
    Path directory;

    @Test
    void aDiskThatFillsUpDuringTheRunFailsItClearlyAndLeavesNoHalfFile() throws Exception {
        Path mountPoint = Files.createDirectories(directory.resolve("tmpfs"));
        EmulatedScene.runCommand("mount", "-t", "tmpfs", "-o", "size=6m", "telvirt-test", mountPoint.toString());
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            System.setProperty(EmulatedScene.RESULTS_PROPERTY, mountPoint.toString());
            Path run = mountPoint.resolve("FillsUp/fiveSeconds/test-fiveSeconds");
            Thread filler = fillTheDiskOnceTheClientRuns(run, mountPoint.resolve("ballast"));

            Events events = scene.run(FillsUp.class, Map.of());

            filler.join(TimeUnit.SECONDS.toMillis(30));
            events.assertThatEvents().haveExactly(1, event(test("fiveSeconds"), finishedWithFailure(
                    instanceOf(HostException.class), message(text -> text.contains("rtp-client exited with 1")
                            && text.contains("the results directory " + run + " is full")))));
            Files.delete(mountPoint.resolve("ballast"));
            scene.assertHostRestored();
            if (Files.exists(run.resolve("summary.json"))) {
                RunSummary.read(run.resolve("summary.json"));
            }
            if (Files.exists(run.resolve("run.json"))) {
                new ObjectMapper().readTree(run.resolve("run.json").toFile());
            }
            assertThat(run.resolve("delay.hlog")).as("a partial log never takes the final name").doesNotExist();
        } finally {
            EmulatedScene.runCommand("umount", mountPoint.toString());
        }
    }

    /** Fills the file system with {@code ballast} two seconds after the client started writing its log. */
    private static Thread fillTheDiskOnceTheClientRuns(Path run, Path ballast) {
        Thread filler = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(run.resolve("rtp-client.log")) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(2_000);
                byte[] block = new byte[64 << 10];
                try (OutputStream out = Files.newOutputStream(ballast)) {
                    while (true) {
                        out.write(block);
                    }
                } catch (IOException full) {
                    // the disk is full now
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "disk-filler");
        filler.start();
        return filler;
    }


    @TelephonyExperiment
    @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, seconds = 5, warmupSeconds = 1)
    static class FillsUp {
        @Test
        void fiveSeconds(MediaRun run) {
        }
    }
}
