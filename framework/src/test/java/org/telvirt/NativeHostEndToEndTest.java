package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The whole lifecycle against the real workload programs on the native host, every result file read back. */
class NativeHostEndToEndTest {
    @TempDir
    Path results;

    @Test
    void aSmallMediaRunOnTheNativeHostMeetsItsSloAndLeavesItsResults() throws Exception {
        System.setProperty("telvirt.results.dir", results.toString());
        try {
            EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("telvirt.host", "native")
                    .selectors(selectClass(SmallNativeRun.class)).execute()
                    .testEvents().assertThatEvents().haveExactly(1, finishedSuccessfully());
        } finally {
            System.clearProperty("telvirt.results.dir");
        }
        Path directory = results.resolve("SmallNativeRun/fiftyStreams/test-fiftyStreams");
        assertThat(directory.resolve("summary.json")).exists();
        assertThat(directory.resolve("delay.hlog")).exists();
        assertThat(Files.readString(directory.resolve("run.json"))).contains("\"host\" : \"native\"",
                "\"streams\" : 50");
        assertThat(Files.list(directory).map(path -> path.getFileName().toString()))
                .contains("media-server.log", "signaling-server.log", "rtp-client.log", "streams.csv",
                        "signaling-summary.json");
    }

    @TelephonyExperiment
    @MediaStreams(value = 50, seconds = 3, warmupSeconds = 1)
    @SignalingLoad(callsPerSecond = 2)
    static class SmallNativeRun {
        @org.junit.jupiter.api.Test
        @Slo(maxLossPercent = 1.0)
        void fiftyStreams(MediaRun run) {
            TelvirtAssertions.assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
            assertThat(run.packetsSent()).isGreaterThanOrEqualTo(50L * 50 * 3 - 50);
            assertThat(run.delayHistogram().getTotalCount()).isEqualTo(run.summary().packetsReceived());
            assertThat(run.perStream()).hasSize(50);
            assertThat(run.perStream().stream().mapToLong(stream -> stream.lost()).sum()).isEqualTo(run.packetsLost());
            assertThat(run.signaling()).hasValueSatisfying(calls -> assertThat(calls.callsAttempted()).isPositive());
            assertThat(run.p99CallSetupMillis()).isPositive();
            assertThat(run.mos()).isBetween(1.0, 4.5);
        }
    }
}
