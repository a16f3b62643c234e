package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.ssh.SshTarget;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        return new XenHost(profile(settings), dom0, () -> { }, null, directory.resolve("journal.jsonl"), line -> { });
    }

    @Test
    void validationNamesTheAnnotationAndWhatTheHostHas() {
        HostProfile missingMedia = new HostProfile("lab-host", "xen", null, 2, null, null, null, null,
                Map.of("media", "media-vm"), new SshTarget("h", 22, "root", "/k", "/kh", false), null, null);
        XenHost host = new XenHost(missingMedia, labDom0(), () -> { }, null, directory.resolve("j"), line -> { });
        Tuning tuning = Tuning.builder().pin(Role.MEDIA, "2-3").cores(4).build();

        List<String> problems = host.validate(Configuration.single("X", tuning, MIXED_WITHOUT_CALLS));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("role 'media' is Xen domain 'media-vm'"))
                .anySatisfy(p -> assertThat(p).contains("pin of media to cores 2-3").contains("experiment's cores 0-1"))
                .anySatisfy(p -> assertThat(p).contains("cores 4: the host has 2 cores"));
    }

    @Test
    void bypassWithoutIommuAndARealHostWithoutMediaServerAreUnsupported() {
        XenHost host = host(labDom0(), Map.of());

        assertThat(host.unsupportedReason(Configuration.single("B", Tuning.builder().vmmBypass(true).build(), MIXED_WITHOUT_CALLS)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no IOMMU"));
        assertThat(host.unsupportedReason(Configuration.single("D", Tuning.DEFAULTS, MIXED_WITHOUT_CALLS)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("settings.mediaServer"));
    }

    @Test
    void fairShareCapIsTheDomainsWeightedShareAndIsRestoredOnClose() {
        RecordedDom0 dom0 = labDom0()
                .on("'xl' 'sched-credit' '-d' 'Domain-0'", "xl-sched-credit-d-dom0.txt", "xl-sched-credit-d-dom0-capped.txt")
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
}
