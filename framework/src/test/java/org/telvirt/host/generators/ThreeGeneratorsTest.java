package org.telvirt.host.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.TelephonyExperiment;
import org.telvirt.GeneratorShare;
import org.telvirt.report.GeneratorTable;
import org.telvirt.workloads.rtp.RunHistograms;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.rtp.StreamResult;

/**
 * The must-show: 900 streams from three generator hosts (network namespaces with their own
 * sshd, running the real rtp-client copied there) against one media server on this machine, merged
 * into one MediaRun whose counts are the sum of the parts, whose percentiles are those of every
 * packet of every generator, and whose per-stream results are every generator's streams.
 */
@Timeout(180)
class ThreeGeneratorsTest {
    private static final int GENERATORS = 3;
    private static final int STREAMS_EACH = 300;
    private static MediaRun measured;

    @TempDir
    Path directory;

    @Test
    void threeGeneratorsOfThreeHundredStreamsMergeIntoOneNineHundredStreamRun() throws Exception {
        Assumptions.assumeTrue(GeneratorNamespace.available(), "needs root, iproute2 and openssh-server");
        try (GeneratorLab lab = GeneratorLab.create(GENERATORS, directory.resolve("lab"))) {
            Path profile = lab.profile("three-generators", "native", List.of());
            String previous = System.setProperty("telvirt.results.dir", directory.resolve("results").toString());
            try {
                EngineTestKit.engine("junit-jupiter").configurationParameter("telvirt.host", profile.toString())
                        .selectors(selectClass(NineHundredStreams.class)).execute()
                        .testEvents().assertThatEvents().haveExactly(1, finishedSuccessfully());
            } finally {
                restoreResultsDirectory(previous);
            }
            for (GeneratorNamespace namespace : lab.namespaces()) {
                assertThat(directory.resolve("lab/generator-" + (lab.namespaces().indexOf(namespace) + 1)
                        + "/remote/telvirt.jar")).as("the jar copied to %s", namespace.name()).isRegularFile();
            }
        }

        List<GeneratorShare> parts = measured.generators();
        assertThat(parts).extracting(GeneratorShare::name).containsExactly("telvirt-gen1", "telvirt-gen2",
                "telvirt-gen3");
        assertThat(parts).allSatisfy(part -> assertThat(part.summary().streams()).isEqualTo(STREAMS_EACH));
        assertThat(measured.streams()).isEqualTo(GENERATORS * STREAMS_EACH);
        assertThat(measured.packetsSent()).isPositive()
                .isEqualTo(parts.stream().mapToLong(part -> part.summary().packetsSent()).sum());
        assertThat(measured.summary().packetsReceived())
                .isEqualTo(parts.stream().mapToLong(part -> part.summary().packetsReceived()).sum());
        assertThat(measured.packetsLost()).isEqualTo(parts.stream().mapToLong(part -> part.summary().packetsLost()).sum());
        assertThat(measured.perStream()).as("every generator's streams, numbered end to end")
                .extracting(StreamResult::stream).containsExactlyElementsOf(
                        IntStream.range(0, GENERATORS * STREAMS_EACH).boxed().toList());
        assertThat(measured.perStream().stream().mapToLong(StreamResult::lost).sum()).isEqualTo(measured.packetsLost());

        Histogram everyPacket = RunHistograms.newHistogram();
        for (GeneratorShare part : parts) {
            everyPacket.add(RunHistograms.read(part.histogramLog()).delayMicros());
        }
        assertThat(everyPacket.getTotalCount()).isEqualTo(measured.summary().packetsReceived());
        assertThat(measured.delayHistogram()).isEqualTo(everyPacket);
        assertThat(measured.summary().delayMicros()).isEqualTo(RunSummary.DelayMicros.of(everyPacket));

        String table = Files.readString(measured.resultDirectory().resolve(GeneratorTable.FILE));
        assertThat(table).contains("telvirt-gen1", "telvirt-gen2", "telvirt-gen3", GeneratorTable.MERGED);
        System.out.printf("[generators] %d generators x %d streams: %s, elapsed %.1f s%n", GENERATORS, STREAMS_EACH,
                measured.headline(), measured.elapsed().toMillis() / 1000.0);
    }

    private static void restoreResultsDirectory(String previous) {
        if (previous == null) {
            System.clearProperty("telvirt.results.dir");
        } else {
            System.setProperty("telvirt.results.dir", previous);
        }
    }

    @TelephonyExperiment
    @MediaStreams(value = GENERATORS * STREAMS_EACH, seconds = 4, warmupSeconds = 1)
    static class NineHundredStreams {
        @Test
        void nineHundredStreams(MediaRun run) {
            measured = run;
        }
    }
}
