package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.telvirt.Cap;
import org.telvirt.Coalesce;
import org.telvirt.Configuration;
import org.telvirt.Cores;
import org.telvirt.CpuBoundVms;
import org.telvirt.Figure;
import org.telvirt.FigureSource;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.MediaStreams;
import org.telvirt.Pin;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.TelephonyExperiment;
import org.telvirt.VmmBypass;
import org.telvirt.Weights;
import org.telvirt.HostException;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.Programs;
import org.telvirt.hostkit.journal.KnobJournal;

/**
 * Every bad input a user can give is refused with a message naming the input and its value, before
 * the host is touched: no journal opened, so no cgroup created, no knob written, no process started.
 * The workload programs' own flags are checked by the workloads module's {@code FlagValidationTest}.
 */
class BadInputCatalogueTest {
    private static final Map<String, String> SHORT_RUNS = RestoreAfterEveryEndingTest.SHORT_RUNS;
    private static int tried;

    @TempDir
    Path directory;

    /** How one bad input is given to a run. */
    @FunctionalInterface
    interface Provocation {
        Events provoke(EmulatedScene scene, Path directory) throws Exception;
    }

    record BadInput(String input, Class<? extends Throwable> refusal, List<String> message, Provocation provocation) {
        @Override
        public String toString() {
            return input;
        }
    }

    static Stream<BadInput> catalogue() {
        return Stream.of(
                annotation("@Weights(dom0 = 70000)", "weightAboveXensMaximum",
                        "@Weights on weightAboveXensMaximum(): weight 70000 of dom0 is outside 1..65535"),
                annotation("@Weights(media = 0)", "weightZero", "weight 0 of media is outside 1..65535"),
                annotation("@Weights(cpuBound = -3)", "weightNegative", "weight -3 of cpu1 is outside 1..65535"),
                annotation("@Cap(media, -5)", "capNegative",
                        "@Cap(domain = \"media\", percent = -5) on capNegative(): cap -5 % of media is negative"),
                annotation("@Cap(media, -1), once the fair share", "capMinusOne",
                        "@Cap(domain = \"media\", percent = -1) on capMinusOne(): cap -1 % of media is negative"),
                annotation("@Cap(dom0, 401) on 4 cores", "capAboveEveryCore",
                        "cap 401 % of dom0 is above 4 cores x 100 %"),
                annotation("@Cap on an unknown domain", "capUnknownDomain", "unknown domain 'mdia'"),
                annotation("@Pin on an unknown domain", "pinUnknownDomain", "unknown domain 'dom1'"),
                annotation("@Pin to a missing core", "pinToMissingCore",
                        "pin of media to cores 7: core 7 is not among the experiment's cores 0-3"),
                annotation("@Pin with a descending range", "pinDescending", "'3-1' has a descending range 3-1"),
                annotation("@Pin to words", "pinToWords", "'one' is not a CPU list"),
                annotation("@Pin to nothing", "pinToNothing", "'' is not a CPU list"),
                annotation("@Pin with a shell command", "pinWithShellCommand", "'0;reboot' is not a CPU list"),
                annotation("@Cap on a domain with a shell command", "capDomainWithShellCommand",
                        "unknown domain 'media; rm -rf /'"),
                annotation("@Cores(8) on 4", "moreCoresThanTheHost", "cores 8: the host has 4 cores"),
                annotation("@Cores(0)", "noCores", "@Cores(0) on noCores(): cores must be at least 1, got 0"),
                annotation("@Cores(2) with @Pin to core 3", "pinOutsideTheCoresInUse",
                        "core 3 is not among the experiment's cores 0-1"),
                annotation("@Cores(1) with @Cap(dom0, 150)", "capAboveTheCoresInUse",
                        "cap 150 % of dom0 is above 1 cores x 100 %"),
                annotation("@Coalesce(micros = -1)", "coalesceNegativeTime",
                        "@Coalesce(micros = -1, frames = 3) on coalesceNegativeTime(): coalescing needs micros >= 0"),
                annotation("@Coalesce(frames = 0)", "coalesceNoFrames", "needs at least 1 us and 1 frame"),
                annotation("@MediaStreams(0)", "noStreams", "streams must be at least 1, got 0"),
                annotation("@MediaStreams(seconds = 0)", "noSeconds", "seconds must be at least 1, got 0"),
                annotation("@MediaStreams(warmupSeconds = -1)", "negativeWarmup",
                        "warmupSeconds must not be negative, got -1"),
                annotation("@MediaStreams(workMicros = -5)", "negativeWork", "workMicros must not be negative, got -5"),
                annotation("@MediaStreams(workMicros = 2000000)", "workBeyondTheServer",
                        "workMicros must be at most 1000000, got 2000000"),
                annotation("@MediaStreams(2000000)", "moreStreamsThanTheClientSends",
                        "@MediaStreams on BadAnnotations.moreStreamsThanTheClientSends(): 2000000 streams are 200000"
                                + " at the host's stream scale 0.1; the RTP client sends at most 100000"),
                annotation("@SignalingLoad(callsPerSecond = -1)", "negativeCalls",
                        "callsPerSecond must not be negative, got -1.0"),
                annotation("@SignalingLoad(callsPerSecond = 0.05) at scale 0.1", "callsBelowTheClientsResolution",
                        "@SignalingLoad on BadAnnotations.callsBelowTheClientsResolution(): 0.05 calls per second are"
                                + " 0.005 at the host's stream scale 0.1; the signaling client places at least 0.01"),
                annotation("@SignalingLoad(holdSeconds = -1)", "negativeHold", "holdSeconds must not be negative, got -1"),
                annotation("@CpuBoundVms(3)", "threeCpuBoundVms", "@CpuBoundVms(3): between 0 and 2"),
                annotation("@Slo(p99DelayMillis = -1), once unset", "delayLimitNegative",
                        "@Slo on delayLimitNegative(): p99DelayMillis -1.0 is negative"),
                annotation("@Slo(minMos = 5)", "mosAboveTheScale",
                        "@Slo on mosAboveTheScale(): minMos 5.0 is above 4.5, the best MOS there is"),
                annotation("@Slo(maxLossPercent = 150)", "lossLimitAboveEverything",
                        "@Slo on lossLimitAboveEverything(): maxLossPercent 150.0 is above 100 %, so it can never fail"),
                annotation("two bad knobs at once", "twoBadKnobs", "weight 0 of dom0 is outside 1..65535",
                        "unknown domain 'mdia'"),
                new BadInput("knobs beside a figure's configuration", InvalidConfigurationException.class,
                        List.of("knobsBesideAFigure(): knob annotations beside a Configuration argument"),
                        (scene, directory) -> scene.run(selectMethod(BadAnnotations.class, "knobsBesideAFigure",
                                Configuration.class.getName()), SHORT_RUNS)),
                onNative("@Cap on the native host", "capNegativeOnNative", "capOnTheNativeHost",
                        "knob 'cap.dom0' cannot be set on the native host"),
                onNative("@VmmBypass on the native host", "bypassOnNative", "bypassOnTheNativeHost",
                        "knob 'vmmBypass' cannot be set on the native host"),
                host("an unknown host name", "emulatd", "-Dtelvirt.host=emulatd: no built-in host profile of that name"
                        + " (" + String.join(", ", HostProfiles.BUILT_IN) + ") and no such file"),
                host("a missing profile file", "/no/such/lab.yaml", "-Dtelvirt.host=/no/such/lab.yaml: no built-in"),
                profile("a malformed profile", "name: lab\ndriver: [emulated\n", "not a valid host profile",
                        "at line"),
                profile("an unknown key in a profile", "name: lab\ndriver: emulated\ncoers: 4\n",
                        "Unrecognized field \"coers\""),
                profile("a profile without a driver", "name: lab\n", "'driver' is missing"),
                profile("an unknown driver", "name: lab\ndriver: kvm\n", "host profile 'lab': unknown driver 'kvm'"),
                profile("a profile with 0 cores", "name: lab\ndriver: emulated\ncores: 0\n",
                        "'cores' must be 1..1024, got 0"),
                profile("cores that are no number", "name: lab\ndriver: emulated\ncores: four\n", "\"four\""),
                profile("a stream scale above 1", "name: lab\ndriver: emulated\nstreamScale: 2\n",
                        "'streamScale' must be in (0, 1], got 2.0"),
                profile("physical CPUs the machine lacks", "name: lab\ndriver: emulated\nphysicalCpus: \"0-99\"\n",
                        "host profile 'lab': 'physicalCpus' 0-99 names CPUs this machine does not have"),
                profile("physical CPUs that are no list", "name: lab\ndriver: emulated\nphysicalCpus: \"a-b\"\n",
                        "'physicalCpus' 'a-b' is not a CPU list"),
                profile("an unknown scheduler", "name: lab\ndriver: emulated\nscheduler: fifo\n",
                        "scheduler 'fifo' is neither credit nor cgroup"),
                profile("an L2 group naming a missing core", "name: lab\ndriver: emulated\ncores: 4\nl2Groups: [[0, 9]]\n",
                        "'l2Groups' names core 9 but the profile has 4 cores"),
                profile("a Dom0 per-packet work that is no number", "name: lab\ndriver: emulated\n"
                        + "settings: {dom0WorkMicros: lots}\n",
                        "host profile 'lab': setting dom0WorkMicros must be whole microseconds 0..1000000, got 'lots'"),
                profile("an unknown role in domains", "name: lab\ndriver: emulated\ndomains: {mdia: Media-VM}\n",
                        "'domains' has unknown role 'mdia'"),
                profile("an empty profile", "", "the host profile is empty"),
                profile("a profile name that is a path", "name: ../../etc/cron.d/telvirt\ndriver: emulated\n",
                        "'name' \"../../etc/cron.d/telvirt\" must be letters, digits"),
                xenProfile("a Xen domain name with a shell command", "domains: {media: \"media; rm -rf /\"}",
                        "'domains.media': Xen domain name \"media; rm -rf /\" is not allowed"),
                xenProfile("a Xen domain name with a command substitution", "domains: {media: \"$(reboot)\"}",
                        "'domains.media': Xen domain name \"$(reboot)\" is not allowed"),
                xenProfile("a Xen domain name with backticks", "domains: {dom0: \"`reboot`\"}",
                        "'domains.dom0': Xen domain name \"`reboot`\" is not allowed"),
                xenProfile("a Xen domain name with a newline", "domains: {media: \"media\\nreboot\"}",
                        "'domains.media': Xen domain name \"media\\x0areboot\" is not allowed"),
                xenProfile("a Xen domain name that is an xl option", "domains: {media: \"-w\"}",
                        "'domains.media': Xen domain name \"-w\" is not allowed"),
                xenProfile("an interface name with a shell command", "settings: {coalesceInterface: \"eth0; reboot\"}",
                        "'settings.coalesceInterface': network interface name \"eth0; reboot\" is not allowed"),
                xenProfile("a PCI address with a shell command", "settings: {bypassPciDevice: \"0000:03:00.0 && reboot\"}",
                        "'settings.bypassPciDevice': PCI address \"0000:03:00.0 && reboot\" is not allowed"),
                new BadInput("a directory as host profile", InvalidConfigurationException.class,
                        List.of("is a directory, not a host profile"),
                        (scene, directory) -> runValid(scene, Map.of("telvirt.host", directory.toString()))),
                parameter("-Dtelvirt.seconds=abc", "telvirt.seconds", "abc",
                        "-Dtelvirt.seconds=abc: expected a whole number of seconds, at least 1"),
                parameter("-Dtelvirt.seconds=0", "telvirt.seconds", "0", "-Dtelvirt.seconds=0: expected a whole number"),
                parameter("-Dtelvirt.seconds=-5", "telvirt.seconds", "-5", "-Dtelvirt.seconds=-5: expected"),
                parameter("-Dtelvirt.seconds=99999999999", "telvirt.seconds", "99999999999",
                        "-Dtelvirt.seconds=99999999999: expected"),
                parameter("-Dtelvirt.warmupSeconds=-1", "telvirt.warmupSeconds", "-1",
                        "-Dtelvirt.warmupSeconds=-1: expected a whole number of seconds, at least 0"),
                environment("a results directory under a file", HostException.class, EmulatedScene.RESULTS_PROPERTY,
                        directory -> Files.writeString(directory.resolve("a-file"), "x").resolve("results"),
                        "cannot write results to", "a-file", "Not a directory"),
                new BadInput("a read-only results file system", HostException.class,
                        List.of("cannot write results to", "Read-only file system"),
                        (scene, directory) -> withResultsOnTmpfs(scene, directory, "ro,size=1m")),
                new BadInput("a full results disk (64 KiB tmpfs)", HostException.class,
                        List.of("cannot write results to", "only 64 KiB free there, a run needs 4096 KiB"),
                        (scene, directory) -> withResultsOnTmpfs(scene, directory, "size=64k")),
                environment("a journal directory that is a file", HostException.class, KnobJournal.DIR_PROPERTY,
                        directory -> Files.writeString(directory.resolve("journal-file"), "x"),
                        "cannot open the knob journal in", "journal-file"),
                environment("a workloads jar that does not exist", InvalidConfigurationException.class,
                        Programs.JAR_PROPERTY,
                        directory -> directory.resolve("no-such-telvirt.jar"),
                        "-Dtelvirt.workloads.jar=", "no-such-telvirt.jar: no such file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isRefusedByNameBeforeTheHostIsTouched(BadInput bad) throws Exception {
        try (EmulatedScene scene = EmulatedScene.open(directory)) {
            Events events = bad.provocation().provoke(scene, directory);

            assertThat(events.started().count()).as("tests started").isPositive();
            assertThat(events.succeeded().count()).as("tests that passed despite the bad input").isZero();
            for (Event failed : events.failed().list()) {
                Throwable refusal = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
                assertThat(refusal).isInstanceOf(bad.refusal());
                for (String fragment : bad.message()) {
                    assertThat(refusal.getMessage()).contains(fragment);
                }
            }
            scene.assertHostUntouched();
            tried++;
        }
    }

    @AfterAll
    static void count() {
        System.out.println("[reliability] bad inputs tried: " + tried + ", each refused by name with the host untouched");
    }

    private static BadInput annotation(String input, String method, String... message) {
        return new BadInput(input, InvalidConfigurationException.class, List.of(message),
                (scene, directory) -> scene.run(selectMethod(BadAnnotations.class, method), SHORT_RUNS));
    }

    private static BadInput onNative(String input, String method, String alias, String... message) {
        return new BadInput(input, InvalidConfigurationException.class, List.of(message),
                (scene, directory) -> scene.run(selectMethod(BadAnnotations.class, alias),
                        with(SHORT_RUNS, "telvirt.host", "native")));
    }

    private static BadInput host(String input, String nameOrPath, String... message) {
        return new BadInput(input, InvalidConfigurationException.class, List.of(message),
                (scene, directory) -> runValid(scene, Map.of("telvirt.host", nameOrPath)));
    }

    private static BadInput profile(String input, String yaml, String... message) {
        return new BadInput(input, InvalidConfigurationException.class, List.of(message), (scene, directory) ->
                runValid(scene, Map.of("telvirt.host", Files.writeString(directory.resolve("lab.yaml"), yaml)
                        .toString())));
    }

    /**
     * A Xen host profile with one hostile value; its SSH target is a closed port, so a value that
     * got past the checks would show as a connection error instead of the refusal.
     */
    private static BadInput xenProfile(String input, String hostileYaml, String... message) {
        return profile(input, "name: lab\ndriver: xen\nssh: {host: 127.0.0.1, port: 1, user: root, identityFile: /none,"
                + " knownHostsFile: /none}\n" + hostileYaml + "\n", message);
    }

    private static BadInput parameter(String input, String key, String value, String... message) {
        return new BadInput(input, InvalidConfigurationException.class, List.of(message),
                (scene, directory) -> runValid(scene, Map.of(key, value)));
    }

    /** A system property that points at something unusable, for the run only. */
    private static BadInput environment(String input, Class<? extends Throwable> refusal, String property,
            PathMaker value, String... message) {
        return new BadInput(input, refusal, List.of(message), (scene, directory) -> {
            String previous = System.setProperty(property, value.make(directory).toString());
            try {
                return runValid(scene, Map.of());
            } finally {
                if (previous == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, previous);
                }
            }
        });
    }

    @FunctionalInterface
    interface PathMaker {
        Path make(Path directory) throws IOException;
    }

    private static Events withResultsOnTmpfs(EmulatedScene scene, Path directory, String options) throws Exception {
        Path mountPoint = Files.createDirectories(directory.resolve("tmpfs"));
        EmulatedScene.runCommand("mount", "-t", "tmpfs", "-o", options, "telvirt-test", mountPoint.toString());
        String previous = System.setProperty(EmulatedScene.RESULTS_PROPERTY, mountPoint.resolve(
                options.startsWith("ro") ? "" : "results").toString());
        try {
            return runValid(scene, Map.of());
        } finally {
            System.setProperty(EmulatedScene.RESULTS_PROPERTY, previous);
            EmulatedScene.runCommand("umount", mountPoint.toString());
        }
    }

    private static Events runValid(EmulatedScene scene, Map<String, String> parameters) {
        return scene.run(selectClass(Valid.class), with(parameters, "telvirt.seconds",
                parameters.getOrDefault("telvirt.seconds", "2")));
    }

    private static Map<String, String> with(Map<String, String> parameters, String key, String value) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put(key, value);
        return all;
    }

    @Test
    void theCatalogueHasAtLeastThirtyEntries() {
        assertThat(catalogue().count()).isGreaterThanOrEqualTo(30);
    }

    /** A run that is fine: only the bad input given beside it stops it. */
    @TelephonyExperiment
    @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, seconds = 2, warmupSeconds = 1)
    static class Valid {
        @Test
        void ok(MediaRun run) {
        }
    }

    /** One test per bad annotation; the catalogue runs them one at a time. */
    @TelephonyExperiment
    @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, seconds = 2, warmupSeconds = 1)
    static class BadAnnotations {
        @Test
        @Weights(dom0 = 70000)
        void weightAboveXensMaximum() {
        }

        @Test
        @Weights(media = 0)
        void weightZero() {
        }

        @Test
        @Weights(cpuBound = -3)
        void weightNegative() {
        }

        @Test
        @Cap(domain = Role.MEDIA, percent = -5)
        void capNegative() {
        }

        @Test
        @Cap(domain = Role.MEDIA, percent = -1)
        void capMinusOne() {
        }

        @Test
        @Cap(domain = Role.DOM0, percent = 401)
        void capAboveEveryCore() {
        }

        @Test
        @Cap(domain = "mdia", percent = 50)
        void capUnknownDomain() {
        }

        @Test
        @Pin(domain = "dom1", cpus = "0")
        void pinUnknownDomain() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "7")
        void pinToMissingCore() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "3-1")
        void pinDescending() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "one")
        void pinToWords() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "")
        void pinToNothing() {
        }

        @Test
        @Pin(domain = Role.MEDIA, cpus = "0;reboot")
        void pinWithShellCommand() {
        }

        @Test
        @Cap(domain = "media; rm -rf /", percent = 50)
        void capDomainWithShellCommand() {
        }

        @Test
        @Cores(8)
        void moreCoresThanTheHost() {
        }

        @Test
        @Cores(0)
        void noCores() {
        }

        @Test
        @Cores(2)
        @Pin(domain = Role.MEDIA, cpus = "3")
        void pinOutsideTheCoresInUse() {
        }

        @Test
        @Cores(1)
        @Cap(domain = Role.DOM0, percent = 150)
        void capAboveTheCoresInUse() {
        }

        @Test
        @Coalesce(micros = -1, frames = 3)
        void coalesceNegativeTime() {
        }

        @Test
        @Coalesce(micros = 40, frames = 0)
        void coalesceNoFrames() {
        }

        @Test
        @MediaStreams(0)
        void noStreams() {
        }

        @Test
        @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, seconds = 0)
        void noSeconds() {
        }

        @Test
        @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, warmupSeconds = -1)
        void negativeWarmup() {
        }

        @Test
        @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, workMicros = -5)
        void negativeWork() {
        }

        @Test
        @MediaStreams(value = RestoreAfterEveryEndingTest.STREAMS, workMicros = 2_000_000)
        void workBeyondTheServer() {
        }

        @Test
        @MediaStreams(2_000_000)
        void moreStreamsThanTheClientSends() {
        }

        @Test
        @SignalingLoad(callsPerSecond = -1)
        void negativeCalls() {
        }

        @Test
        @SignalingLoad(callsPerSecond = 0.05)
        void callsBelowTheClientsResolution() {
        }

        @Test
        @SignalingLoad(callsPerSecond = 10, holdSeconds = -1)
        void negativeHold() {
        }

        @Test
        @CpuBoundVms(3)
        void threeCpuBoundVms() {
        }

        @Test
        @Slo(p99DelayMillis = -1)
        void delayLimitNegative() {
        }

        @Test
        @Slo(minMos = 5)
        void mosAboveTheScale() {
        }

        @Test
        @Slo(maxLossPercent = 150)
        void lossLimitAboveEverything() {
        }

        @Test
        @Weights(dom0 = 0)
        @Cap(domain = "mdia", percent = 10)
        void twoBadKnobs() {
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
        @FigureSource(Figure.COALESCING)
        @Weights(dom0 = 512)
        void knobsBesideAFigure(Configuration configuration) {
        }

        @Test
        @Cap(domain = Role.DOM0, percent = 30)
        void capOnTheNativeHost() {
        }

        @Test
        @VmmBypass
        void bypassOnTheNativeHost() {
        }
    }
}
