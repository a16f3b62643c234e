package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telvirt.Configuration;
import org.telvirt.HostException;
import org.telvirt.Workload;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.knob.Tuning;
import org.telvirt.ssh.SshTarget;

/**
 * The domains a run makes from the profile's templates: each {@code xl create} journaled before it runs, the media
 * endpoint awaited, the CPU-bound load unpaused, and every one destroyed after the run, whether it passed, failed or
 * was stopped inside a change; the host ends as it began. Dom0 is the fake host without SSH; {@link XenRestoreTest}
 * kills real JVMs.
 */
class XenImageRunTest {

    @TempDir
    Path directory;

    private Path journalFile;
    private Path configs;
    private FakeXen xen;
    private Map<String, String> pristine;
    private UdpEcho media;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fakeHost() throws Exception {
        journalFile = directory.resolve("xen-journal-lab-host.jsonl");
        configs = directory.resolve("dom0-configs");
        xen = FakeXen.create(directory, journalFile);
        pristine = xen.snapshot();
    }

    @AfterEach
    void stopEndpoint() throws Exception {
        if (media != null) {
            media.close();
        }
    }

    private XenHost host(UdpEcho endpoint, XenKnobs.Interruption interruption) {
        media = endpoint;
        HostProfile profile = FakeXen.imageProfile(new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false),
                configs, endpoint.port());
        return new XenHost(profile, new SshXenAccess(profile, xen.localShell(), () -> { }), journalFile, progress::add,
                FakeXen.imageDomains(profile), interruption);
    }

    @Test
    void theRunCreatesItsDomainsJournaledFirstTunesThemAndDestroysThemWhenItEnds() throws Exception {
        XenHost host = host(UdpEcho.answering(), XenKnobs.Interruption.NONE);
        assertThat(host.validate(FakeXen.IMAGE_RUN)).isEmpty();

        try (HostRun run = host.provision(FakeXen.IMAGE_RUN, directory)) {
            List<String> changes = FakeXen.imageRunChanges(configs);
            assertThat(xen.changes()).containsExactlyElementsOf(changes);
            for (int change = 1; change <= changes.size(); change++) {
                List<XenStep> onDisk = xen.journalAtChange(change);
                assertThat(onDisk).as("the journal when the host saw change %d", change).hasSize(change);
                assertThat(FakeXen.unquoted(onDisk.get(change - 1).apply())).isEqualTo(changes.get(change - 1));
            }
            assertThat(xen.snapshot()).containsKeys("domain/media-img", "domain/cpu1-img")
                    .doesNotContainKey("paused/cpu1-img");
            assertThat(configs.resolve("media-img.cfg")).content()
                    .isEqualTo("name = \"media-img\"\nvcpus = 2\ndisk = [ \"target=" + FakeXen.IMAGE + "\" ]\n");
            assertThat(run.notes()).anySatisfy(note -> assertThat(note).startsWith("xen: domain media-img (media)"
                    + " created for the run from settings.domainConfig.media (" + configs.resolve("media-img.cfg")
                    + " on Dom0").endsWith("destroyed after it"));
            assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("xen: media domain media-img answers on"
                    + " 127.0.0.1:" + media.port()));
        }

        assertThat(xen.changes()).endsWith("xl pause cpu1-img", "xl sched-credit -d media-img -w 256 -c 0",
                "xl destroy cpu1-img", "xl destroy media-img");
        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("4 step(s), all read back as journaled")
                .contains("ok    domain-create      media-img: present -> no domain"));
    }

    @Test
    void aMediaDomainWhoseEndpointNeverAnswersIsAnInfrastructureErrorNamingItAndIsDestroyed() throws Exception {
        XenHost host = host(UdpEcho.silent(), XenKnobs.Interruption.NONE);

        assertThatThrownBy(() -> host.provision(FakeXen.IMAGE_RUN, directory)).isInstanceOf(HostException.class)
                .hasMessage(HostException.MESSAGE_PREFIX + " media domain media-img of Xen host lab-host was created,"
                        + " and its media endpoint 127.0.0.1:" + media.port() + " (settings.mediaServer) did not answer an RTP probe within 2 s"
                        + " (settings.domainReadySeconds): see its console, xl console media-img");

        assertThat(xen.changes()).as("nothing tuned").containsExactly(FakeXen.imageRunChanges(configs).get(0),
                FakeXen.imageRunChanges(configs).get(1), "xl destroy cpu1-img", "xl destroy media-img");
        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
    }

    static Stream<Arguments> everyPointOfEveryChange() {
        return Stream.of(XenKnobs.Moment.values()).flatMap(moment -> IntStream.range(0, 4)
                .mapToObj(change -> Arguments.of(moment, change)));
    }

    @ParameterizedTest(name = "{0} of change {1}")
    @MethodSource("everyPointOfEveryChange")
    void aRunStoppedInsideAnyChangeLeavesNoDomainBehind(XenKnobs.Moment moment, int stopped) throws Exception {
        AtomicInteger changes = new AtomicInteger();
        XenHost host = host(UdpEcho.answering(), (reached, step) -> {
            int change = reached == XenKnobs.Moment.JOURNALED ? changes.getAndIncrement() : changes.get() - 1;
            if (reached == moment && change == stopped) {
                throw new IllegalStateException("stopped at " + moment + " of " + step.apply());
            }
        });
        List<String> expected = FakeXen.imageRunChanges(configs);

        assertThatThrownBy(() -> host.provision(FakeXen.IMAGE_RUN, directory)).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(FakeXen.unquoted(e.getMessage()))
                        .isEqualTo("stopped at " + moment + " of " + expected.get(stopped)));

        List<String> seen = xen.changes();
        if (moment == XenKnobs.Moment.JOURNALED) {
            assertThat(seen).as("journaled, not run").doesNotContain(expected.get(stopped));
        } else {
            assertThat(seen).as("run, not read back").contains(expected.get(stopped));
        }
        assertThat(xen.snapshot()).isEqualTo(pristine);
        assertThat(journalFile).doesNotExist();
    }

    @Test
    void aDomainOfTheNameThatExistsIsAConfigurationErrorAndNeverDestroyed() throws Exception {
        XenHost host = host(UdpEcho.answering(), XenKnobs.Interruption.NONE);
        Configuration plain = Configuration.single("plain", Tuning.DEFAULTS, new Workload(10, 1, 0, 10, 2, 0, 60, 0));
        try (HostRun first = host.provision(plain, directory)) {
            assertThat(host.validate(plain)).singleElement().asString().isEqualTo("configuration plain: role 'media' is"
                    + " made by the run from settings.domainConfig.media in host profile lab-host, and Xen domain"
                    + " 'media-img' exists already: destroy it, or leave the setting out to use it as it is");
            assertThatThrownBy(() -> new XenKnobs(xen.localShell()).createDomain(null, "media-img",
                    configs.resolve("media-img.cfg").toString(), false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Xen domain media-img exists already");
        }
        assertThat(xen.snapshot()).isEqualTo(pristine);
    }

    @Test
    void aRealHostsProfileMustSayHowEveryRoleOfTheWorkloadIsDriven() throws Exception {
        HostProfile bare = new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media", "signaling", "signaling", "cpu1", "cpu1", "cpu2", "cpu2"),
                new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null, Map.of());
        XenHost host = new XenHost(bare, new SshXenAccess(bare, xen.localShell(), () -> { }), journalFile, progress::add);

        List<String> problems = host.validate(Configuration.single("mixed", Tuning.DEFAULTS, Workload.MIXED));

        assertThat(problems).containsExactly(
                "host profile lab-host: settings.mediaServer is missing: HOST:PORT of the media server running in the"
                        + " media domain, as example-xen.yaml shows, for the RTP clients to send to",
                "configuration mixed places calls (@SignalingLoad), and host profile lab-host: settings.signalingServer"
                        + " is missing: HOST:PORT of the signaling server running in the signaling domain, for the"
                        + " signaling client to call",
                "configuration mixed runs CPU-bound domains (@CpuBoundVms), and host profile lab-host:"
                        + " settings.cpuBoundLoad is missing: 'unpause' (they burn CPU from their boot and stay paused"
                        + " between runs) or 'running' (their load runs whenever they do)");
        assertThat(xen.changes()).as("nothing changed").isEmpty();
    }

    @Test
    void unpauseNeedsTheCpuBoundDomainsPausedBetweenRuns() throws Exception {
        HostProfile unpausing = new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media", "signaling", "signaling", "cpu1", "cpu1", "cpu2", "cpu2"),
                new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null,
                Map.of("mediaServer", "127.0.0.1:40000", "signalingServer", "127.0.0.1:5060", "cpuBoundLoad", "unpause"));
        XenHost host = new XenHost(unpausing, new SshXenAccess(unpausing, xen.localShell(), () -> { }), journalFile,
                progress::add);
        xen.localShell().run("xl pause cpu1");
        Map<String, String> cpu1Paused = xen.snapshot();

        assertThat(host.validate(Configuration.single("mixed", Tuning.DEFAULTS, Workload.MIXED))).singleElement()
                .asString().isEqualTo("configuration mixed: host profile lab-host: settings.cpuBoundLoad is 'unpause',"
                        + " and CPU-bound domain 'cpu2' is running: pause it (xl pause cpu2) so that its load runs only"
                        + " while a configuration is measured");
        Configuration oneCpuBound = Configuration.single("one", Tuning.DEFAULTS, new Workload(10, 1, 0, 10, 2, 0, 60, 1));
        assertThat(host.validate(oneCpuBound)).isEmpty();
        try (HostRun run = host.provision(oneCpuBound, directory)) {
            assertThat(xen.snapshot()).doesNotContainKey("paused/cpu1");
        }
        assertThat(xen.changes()).endsWith("xl unpause cpu1", "xl pause cpu1");
        assertThat(xen.snapshot()).isEqualTo(cpu1Paused);
    }
}
