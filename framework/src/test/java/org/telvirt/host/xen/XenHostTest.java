package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.SshTarget;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import org.telvirt.knob.Tuning;

/** The xen driver behind the Host SPI, on outputs recorded from the lab (no guest is started here). */
class XenHostTest {

    private static final Workload MIXED_WITHOUT_CALLS = new Workload(10, 5, 1, 10, 2, 0, 60, 2);
    private static final String DOM0_WRITE = "'xl' 'sched-credit' '-d' 'Domain-0' '-w' '256' '-c' '50'";
    private static final String DOM0_UNDO = "'xl' 'sched-credit' '-d' 'Domain-0' '-w' '256' '-c' '0'";

    @TempDir
    Path directory;

    private static HostProfile profile(Map<String, String> settings) {
        return new HostProfile("lab-host", "xen", null, 2, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media", "signaling", "signaling", "cpu1", "cpu1", "cpu2", "cpu2"),
                new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null, settings);
    }

    private static RecordedDom0 labDom0() {
        return new RecordedDom0().on("'xl' 'info'", "xl-info.txt").on("'xl' 'list' '-c'", "xl-list-c.txt")
                .on("'xl' 'cpupool-list'", "xl-cpupool-list.txt");
    }

    private XenHost host(RecordedDom0 dom0, Map<String, String> settings) {
        HostProfile profile = profile(settings);
        return new XenHost(profile, new SshXenAccess(profile, dom0, () -> { }), directory.resolve("journal.jsonl"), line -> { });
    }

    @Test
    void validationNamesTheAnnotationAndWhatTheHostHas() {
        HostProfile missingMedia = new HostProfile("lab-host", "xen", null, 2, null, null, null, null,
                Map.of("media", "media-vm"), new SshTarget("h", 22, "root", "/k", "/kh", false), null, null);
        XenHost host = new XenHost(missingMedia, new SshXenAccess(missingMedia, labDom0(), () -> { }), directory.resolve("j"),
                line -> { });
        Tuning tuning = Tuning.builder().pin(Role.MEDIA, "2-3").cores(4).build();

        List<String> problems = host.validate(Configuration.single("X", tuning, MIXED_WITHOUT_CALLS));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("role 'media' is Xen domain 'media-vm'"))
                .anySatisfy(p -> assertThat(p).contains("pin of media to cores 2-3").contains("experiment's cores 0-1"))
                .anySatisfy(p -> assertThat(p).contains("cores 4: the host has 2 cores"));
    }

    @Test
    void bypassWithoutIommuIsUnsupportedAndAProfileWithoutMediaServerIsAConfigurationError() {
        XenHost host = host(labDom0(), Map.of());

        assertThat(host.unsupportedReason(Configuration.single("B", Tuning.builder().vmmBypass(true).build(), MIXED_WITHOUT_CALLS)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no IOMMU"));
        Configuration defaults = Configuration.single("D", Tuning.DEFAULTS, MIXED_WITHOUT_CALLS);
        assertThat(host.unsupportedReason(defaults)).as("a setting the user must write is no capability to skip on")
                .isEmpty();
        assertThat(host.validate(defaults)).anySatisfy(problem -> assertThat(problem).contains("settings.mediaServer"));
    }

    @Test
    void fairShareCapIsTheDomainsWeightedShareAndIsRestoredOnClose() {
        RecordedDom0 dom0 = labDom0()
                .on("'xl' 'sched-credit' '-d' 'Domain-0'", "xl-sched-credit-d-dom0.txt", "xl-sched-credit-d-dom0-capped.txt",
                        "xl-sched-credit-d-dom0-capped.txt", "xl-sched-credit-d-dom0.txt")
                .silent(DOM0_WRITE).silent(DOM0_UNDO);
        XenHost host = host(dom0, Map.of("mediaServer", "10.0.0.5:40000"));
        Tuning dom0Capped = Tuning.builder().fairShareCap(Role.DOM0).build();

        try (HostRun run = host.provision(Configuration.single("2.2", dom0Capped, MIXED_WITHOUT_CALLS), directory)) {
            assertThat(run.applied()).singleElement().satisfies(knob -> {
                assertThat(knob.domain()).isEqualTo(Role.DOM0);
                assertThat(knob.applied()).contains(DOM0_WRITE).contains("weighted fair share of 2 CPUs");
            });
            assertThat(directory.resolve("journal.jsonl")).content().contains("Domain-0");
        }

        assertThat(dom0.executed()).containsSubsequence(DOM0_WRITE, DOM0_UNDO);
        assertThat(directory.resolve("journal.jsonl")).doesNotExist();
    }

    @Test
    void theAccessStartsTheCpuBoundGuestsLoadForTheRunStopsItOnCloseAndAddsItsNotes() {
        Workload twoCpuBoundVms = new Workload(10, 5, 1, 10, 2, 0, 60, 2);
        LabAccess access = new LabAccess(labDom0());
        XenHost host = new XenHost(profile(Map.of()), access, directory.resolve("journal.jsonl"), line -> { });

        assertThat(host.unsupportedReason(Configuration.single("D", Tuning.DEFAULTS, twoCpuBoundVms))).isEmpty();
        try (HostRun run = host.provision(Configuration.single("D", Tuning.DEFAULTS, twoCpuBoundVms), directory)) {
            assertThat(access.events).containsExactly("start cpu1", "start cpu2");
            assertThat(run.notes()).startsWith("xen: Xen 4.17.5, default pool scheduler credit, 2 CPUs; knobs applied with xl"
                    + " through Dom0 over SSH and read back").endsWith("lab note");
        }
        host.close();

        assertThat(access.events).containsExactly("start cpu1", "start cpu2", "stop cpu1", "stop cpu2", "close");
    }

    /** A host that a lab brings up: its own media endpoint, load and notes, recorded in order. */
    private static final class LabAccess implements XenAccess {
        private final RecordedDom0 dom0;
        private final List<String> events = new ArrayList<>();

        LabAccess(RecordedDom0 dom0) {
            this.dom0 = dom0;
        }

        @Override
        public RemoteShell dom0() {
            return dom0;
        }

        @Override
        public Optional<InetSocketAddress> mediaServer() {
            return Optional.of(new InetSocketAddress("127.0.0.1", 40050));
        }

        @Override
        public void startCpuBoundLoad(String domain) {
            events.add("start " + domain);
        }

        @Override
        public void stopCpuBoundLoad(String domain) {
            events.add("stop " + domain);
        }

        @Override
        public List<String> notes() {
            return List.of("lab note");
        }

        @Override
        public void close() {
            events.add("close");
        }
    }
}
