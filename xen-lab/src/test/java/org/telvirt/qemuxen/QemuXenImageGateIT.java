package org.telvirt.qemuxen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.telvirt.Cap;
import org.telvirt.CpuBoundVms;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelvirtAssertions;
import org.telvirt.Weights;
import org.telvirt.host.xen.SchedulerParams;
import org.telvirt.host.xen.Xl;

/**
 * The VM-image release gate on real Xen 4.17 (issue 22, item 5): the gate runs twice on xen-lab-image.yaml, whose media
 * domain each run makes from the image under test and destroys after, as a pipeline runs it: first with the baseline
 * image (the lab's static UDP echo), whose results.json becomes the baseline of the second run, with the regressed
 * image (the same echo with extra per-packet CPU work). The baseline image passes; the regressed one misses the gate's
 * SLO and regresses against the baseline; each result names its image and version; the lab is left as found. Both
 * runs place the gate's calls, scaled like its streams, on the signaling guest's SIP responder; the baseline's all
 * complete.
 *
 * <p>Each gate run is a JUnit launch of {@link Gate} in this JVM, with the properties a pipeline passes
 * ({@code -Dtelvirt.host}, {@code -Dtelvirt.image}, {@code -Dtelvirt.imageVersion}, {@code -Dtelvirt.baseline},
 * {@code -Dtelvirt.results.dir}), so that both use the lab this JVM booted.
 */
@ExtendWith(QemuXenExtension.class)
class QemuXenImageGateIT {

    private static final String PROFILE = "xen-lab-image";
    private static final String BASELINE_IMAGE = "media-baseline";
    private static final String REGRESSED_IMAGE = "media-regressed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept after the run: each gate run's results.json, verdict.json and run directories, as a pipeline keeps them. */
    private static final Path RESULTS = Path.of("target", "image-gate");

    private static QemuXen lab;
    private static Xl xl;

    /**
     * experiment-suites' {@code MixedWorkloadGateIT}, annotation for annotation: that module depends on this one, so
     * this one cannot run its class. Its streams and calls are scaled by xen-lab-image.yaml's {@code streamScale}
     * (0.00625): 5 streams, 0.42 calls a second.
     */
    @TelephonyExperiment
    @MediaStreams(value = 800, seconds = 20, warmupSeconds = 3)
    @SignalingLoad(callsPerSecond = 67)
    @CpuBoundVms(2)
    static class Gate {
        @Test
        @Weights(dom0 = 8192, media = 8192)
        @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
        @Slo(maxLossPercent = 0.0, p99DelayMillis = 40)
        void recommendedConfigurationCarriesTheMediaWithoutLoss(MediaRun run) {
            TelvirtAssertions.assertThat(run).hasCleanMeasurement().hasSentEveryScheduledPacket();
        }
    }

    /**
     * What one gate run left: its JUnit outcome, the one run of its results.json (null when it measured none) and what
     * the signaling client measured in it (missing when it placed no calls).
     */
    private record GateRun(Path directory, TestExecutionSummary summary, JsonNode run, JsonNode calls, long seconds) {
        String failure() {
            return summary.getFailures().stream().map(failure -> String.valueOf(failure.getException().getMessage()))
                    .findFirst().orElse("");
        }
    }

    @BeforeAll
    static void lab(QemuXen xen) {
        lab = xen;
        xl = new Xl(xen.dom0());
    }

    @Test
    void gatePassesTheBaselineImageAndFailsTheRegressedOneOnItsSloAndAgainstTheBaseline() throws Exception {
        Map<String, Long> images = lab.image().mediaImages();
        assertThat(images).containsOnlyKeys(BASELINE_IMAGE, REGRESSED_IMAGE);
        images.forEach((name, rounds) -> System.out.println("xen-lab image gate: " + name + " does " + rounds
                + " rounds of work per packet; on the lab's CPU (Dom0, TCG): " + lab.dom0().run(
                QemuXenImage.MEDIA_IMAGE_DIRECTORY + "/udp-echo --time " + rounds).stdout().strip()));
        String pristine = snapshot();

        GateRun baseline = runGate(BASELINE_IMAGE, "1.0", null);
        assertThat(snapshot()).as("the lab after the baseline image's gate").isEqualTo(pristine);
        GateRun regressed = runGate(REGRESSED_IMAGE, "1.1", baseline.directory());
        assertThat(snapshot()).as("the lab after the regressed image's gate").isEqualTo(pristine);

        System.out.println("xen-lab image gate: baseline " + describe(baseline) + "\nxen-lab image gate: regressed "
                + describe(regressed));
        assertThat(baseline.summary().getTestsSucceededCount()).as("the baseline image's gate: %s", baseline.failure())
                .isEqualTo(1);
        assertThat(baseline.run().path("image").asText()).isEqualTo(QemuXenImage.mediaImageOnDom0(BASELINE_IMAGE) + " 1.0");
        assertThat(baseline.run().path("sloVerdict").asText()).isEqualTo("MET");
        assertThat(baseline.run().path("lost").asLong()).isZero();
        assertThat(baseline.calls().path("callsAttempted").asLong()).as("the baseline's calls: %s", baseline.calls())
                .isPositive();
        assertThat(baseline.calls().path("callsCompleted").asLong()).as("the baseline's calls: %s", baseline.calls())
                .isEqualTo(baseline.calls().path("callsAttempted").asLong());
        assertThat(regressed.calls().path("callsAttempted").asLong())
                .as("the regressed image's calls: %s", regressed.calls()).isPositive();

        assertThat(regressed.summary().getTestsFailedCount()).as("the regressed image's gate").isEqualTo(1);
        assertThat(regressed.failure()).startsWith("SLO violated:");
        assertThat(regressed.run().path("image").asText()).isEqualTo(QemuXenImage.mediaImageOnDom0(REGRESSED_IMAGE) + " 1.1");
        assertThat(regressed.run().path("sloVerdict").asText()).isEqualTo("MISSED");
        assertThat(regressed.run().path("baseline").path("outcome").asText()).as("against %s",
                regressed.run().path("baseline")).isEqualTo("REGRESSION");
        assertThat(regressed.run().path("baseline").path("baseline").asText())
                .isEqualTo(QemuXenImage.mediaImageOnDom0(BASELINE_IMAGE) + " 1.0");
    }

    /**
     * One gate run as a pipeline starts it, under the machine's benchmark lock, its results in their own directory (a
     * window this machine's hypervisor disturbed is measured again by the engine, as every run's is).
     */
    private static GateRun runGate(String image, String version, Path baseline) throws Exception {
        Path directory = Files.createDirectories(RESULTS.resolve(image));
        Files.deleteIfExists(directory.resolve("results.json"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("telvirt.image", QemuXenImage.mediaImageOnDom0(image));
        properties.put("telvirt.imageVersion", version);
        properties.put("telvirt.results.dir", directory.toString());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Gate.class))
                .configurationParameter("telvirt.host", PROFILE);
        if (baseline != null) {
            request.configurationParameter("telvirt.baseline", baseline.toString());
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        long started = System.nanoTime();
        Map<String, String> before = setProperties(properties);
        try (BenchLock measuring = BenchLock.acquire()) {
            LauncherDiscoveryRequest discovery = request.build();
            LauncherFactory.create().execute(discovery, listener);
        } finally {
            setProperties(before);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Path results = directory.resolve("results.json");
        JsonNode runs = Files.exists(results) ? JSON.readTree(results.toFile()).path("runs") : JSON.createArrayNode();
        assertThat(runs.size()).as("runs in %s", results).isLessThanOrEqualTo(1);
        JsonNode run = runs.isEmpty() ? null : runs.get(0);
        GateRun gate = new GateRun(directory, listener.getSummary(), run,
                run == null ? JSON.missingNode() : calls(directory, run), seconds);
        assertThat(run).as("the one run in %s: %s", results, gate.failure()).isNotNull();
        return gate;
    }

    /** The signaling client's summary in the run's own run.json: results.json, which baselines compare, keeps the media. */
    private static JsonNode calls(Path directory, JsonNode run) throws IOException {
        Path runJson = directory.resolve(Gate.class.getSimpleName()).resolve(run.path("configuration").asText())
                .resolve(run.path("key").asText()).resolve("run.json");
        return Files.exists(runJson) ? JSON.readTree(runJson.toFile()).path("signaling") : JSON.missingNode();
    }

    /** Sets each property (a null value clears it) and returns what they were. */
    private static Map<String, String> setProperties(Map<String, String> properties) {
        Map<String, String> before = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            before.put(key, System.getProperty(key));
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        return before;
    }

    private static String describe(GateRun gate) {
        JsonNode run = gate.run();
        JsonNode calls = gate.calls();
        return run.path("image").asText() + ": " + run.path("streams").asInt() + " streams, sent " + run.path("sent")
                + ", lost " + run.path("lost") + " (" + run.path("lossPercent") + " %), p50 " + run.path("p50Millis")
                + " ms, p99 " + run.path("p99Millis") + " ms, calls completed " + calls.path("callsCompleted") + " of "
                + calls.path("callsAttempted") + ", failed " + calls.path("callsFailed") + ", setup p99 "
                + calls.path("setupMillis").path("p99") + " ms, SLO " + run.path("sloVerdict").asText() + ", baseline "
                + run.path("baseline").path("outcome").asText("none") + ", " + gate.seconds() + " s; "
                + (gate.failure().isEmpty() ? "passed" : gate.failure());
    }

    /**
     * What a gate run may change and must put back: the domains (the created media domain gone again), their pools,
     * pause states, credit weights and caps, vCPU affinities.
     */
    private static String snapshot() {
        StringBuilder state = new StringBuilder(xl.cpupoolCpus().toString()).append('\n');
        xl.domains().forEach(d -> state.append(d.name()).append(" pool=").append(d.cpupool()).append(" paused=")
                .append(d.paused()).append('\n'));
        state.append(SchedulerParams.parseList(xl.creditParamsOfAllDomains())).append('\n');
        xl.vcpus().forEach(v -> state.append(v.domain()).append('/').append(v.vcpu()).append(" hard=")
                .append(v.hardAffinity()).append('\n'));
        return state.append("journal entries ").append(journalEntries()).toString();
    }

    /** The xen driver's journal for the profile: empty once every change is restored. */
    private static long journalEntries() {
        Path journal = Path.of(System.getProperty("user.home"), ".cache", "telvirt", "xen-journal-" + PROFILE + ".jsonl");
        try {
            return Files.exists(journal) ? Files.readAllLines(journal).stream().filter(line -> !line.isBlank()).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
