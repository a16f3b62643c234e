package org.telvirt.qemuxen;

import org.telvirt.knob.Knob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telvirt.host.xen.SchedulerParams;
import org.telvirt.ssh.SshSession;
import org.telvirt.host.xen.UnsupportedKnobException;
import org.telvirt.host.xen.XenJournal;
import org.telvirt.host.xen.XenKnobs;
import org.telvirt.host.xen.XenScheduler;
import org.telvirt.host.xen.Xl;
import org.telvirt.host.xen.XlDomain;
import org.telvirt.host.xen.XlVcpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.journal.RestoreReport;
import org.telvirt.hostkit.journal.RestoreStep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every knob on real Xen (xen-lab): journaled, applied, read back through {@code xl}, restored by the
 * journal, read back again. Knobs the emulated hardware cannot have are shown to be reported, not faked.
 */
@ExtendWith(QemuXenExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuXenKnobsIT {

    private static XenKnobs knobs;
    private static Xl xl;
    private static String pristine;
    private static QemuXen lab;
    private XenJournal journal;

    @BeforeAll
    static void connect(QemuXen xen) {
        lab = xen;
        knobs = new XenKnobs(xen.dom0());
        xl = knobs.xl();
        pristine = snapshot();
        System.out.println("xen-lab: image " + xen.image().directory() + (xen.image().reused() ? " (reused)" : "")
                + ", rootfs build " + xen.image().rootfsBuild().toSeconds() + " s, image build "
                + xen.image().imageBuild().toSeconds() + " s, boot to SSH " + xen.bootToSsh().toSeconds()
                + " s, guests " + xen.guestStartTimes());
    }

    @BeforeEach
    void openJournal(@TempDir Path directory) {
        journal = XenJournal.open(directory.resolve("xen-journal-xen-lab.jsonl"), lab.dom0(), "xen-lab", System.out::println);
    }

    /** Restores what the test changed, newest first, each step read back, and proves the host is as found. */
    @AfterEach
    void restore() {
        assertThat(journal.restoreAll().verified()).isTrue();
        assertThat(snapshot()).isEqualTo(pristine);
    }

    @Test
    @Order(1)
    void realXenRunsTheCreditScheduler(QemuXen xen) {
        System.out.println("xen-lab: xl info: xen_version " + xen.info().xenVersion() + ", xen_scheduler "
                + xen.info().xenScheduler() + ", nr_cpus " + xen.info().nrCpus() + ", virt_caps " + xen.info().field("virt_caps"));

        assertThat(xen.info().xenVersion()).startsWith("4.17");
        assertThat(xen.info().xenScheduler()).isEqualTo("credit");
        assertThat(xl.domains()).extracting(XlDomain::name)
                .containsExactlyInAnyOrder("Domain-0", "media", "signaling", "cpu1", "cpu2");
    }

    /**
     * What runs in each guest the lab made arrived over SSH: the same bytes as the lab's build, and running. The image
     * slot's guest exists only while a run made it (QemuXenImageGateIT).
     */
    @Test
    @Order(1)
    void everyGuestRunsTheProgramCopiedInOverSsh(QemuXen xen) throws Exception {
        for (QemuGuest guest : xen.settings().guests().stream().filter(g -> g.kind().madeByTheLab()).toList()) {
            String local = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(xen.image().workload(guest.kind()))));
            boolean keptPaused = guest.kind() == QemuGuest.Kind.CPU_BOUND;
            if (keptPaused) {
                xen.unpause(guest.name());
            }
            try (SshSession ssh = SshSession.open(xen.guestSshSettings(guest))) {
                assertThat(ssh.run("sha256sum " + guest.workloadPath()).stdout()).startsWith(local);
                assertThat(ssh.run("pidof " + guest.kind().program()).stdout()).matches("\\d+\\s*");
            } finally {
                if (keptPaused) {
                    xen.pause(guest.name());
                }
            }
            assertThat(xen.guestWorkloads()).containsEntry(guest.name(), local);
        }
    }

    @Test
    @Order(2)
    void weightAndCapOfAGuestAndOfDom0() {
        knobs.setWeightAndCap(journal, "media", 8192, 50);
        knobs.setWeightAndCap(journal, XlDomain.DOMAIN_0, 65535, 0);

        assertThat(xl.schedulerParams("media")).extracting(SchedulerParams::weight, SchedulerParams::cap)
                .containsExactly(8192, 50);
        assertThat(xl.schedulerParams(XlDomain.DOMAIN_0).weight()).isEqualTo(65535);
    }

    @Test
    @Order(3)
    void pinningEveryVcpuOfAGuest() {
        knobs.pinVcpus(journal, "media", "1");
        knobs.pinVcpus(journal, XlDomain.DOMAIN_0, "0");

        assertThat(xl.vcpus("media")).extracting(XlVcpu::hardAffinity).containsOnly("1");
        assertThat(xl.vcpus(XlDomain.DOMAIN_0)).extracting(XlVcpu::hardAffinity).containsOnly("0");
    }

    @Test
    @Order(4)
    void creditCpupoolWithKnobsAppliedAfterTheMigration() {
        knobs.createCpupool(journal, "telvirt-p1", XenScheduler.CREDIT, List.of(1));
        knobs.moveToCpupool(journal, "cpu1", "telvirt-p1");
        knobs.setWeightAndCap(journal, "cpu1", 512, 30);

        assertThat(xl.cpupoolCpus()).containsEntry("Pool-0", "0").containsEntry("telvirt-p1", "1");
        assertThat(xl.domain("cpu1").cpupool()).isEqualTo("telvirt-p1");
        assertThat(xl.schedulerParams("cpu1")).extracting(SchedulerParams::weight, SchedulerParams::cap)
                .containsExactly(512, 30);
    }

    @Test
    @Order(5)
    void migrationResetsWeightCapAndAffinityAndItsRestorePutsThemBack() {
        knobs.setWeightAndCap(journal, "cpu2", 1024, 40);
        knobs.pinVcpus(journal, "cpu2", "0");
        knobs.createCpupool(journal, "telvirt-c2", XenScheduler.CREDIT2, List.of(1));
        knobs.moveToCpupool(journal, "cpu2", "telvirt-c2");

        SchedulerParams inNewPool = xl.schedulerParams("cpu2");
        System.out.println("xen-lab: cpu2 after cpupool-migrate into credit2: weight " + inNewPool.weight() + " cap "
                + inNewPool.cap() + ", hard affinity " + xl.vcpus("cpu2").get(0).hardAffinity());
        assertThat(xl.schedulerOf("cpu2")).isEqualTo(XenScheduler.CREDIT2);
        assertThat(inNewPool.cap()).isEqualTo(SchedulerParams.NO_CAP);
        knobs.setWeightAndCap(journal, "cpu2", 512, 50);
        assertThat(xl.schedulerParams("cpu2")).extracting(SchedulerParams::weight, SchedulerParams::cap)
                .containsExactly(512, 50);

        RestoreReport restored = journal.restoreAll();
        restored.print(System.out);
        assertThat(restored.steps()).filteredOn(step -> step.kind().equals("cpupool-migrate")).singleElement()
                .satisfies(step -> assertThat(step.after()).isEqualTo("cpupool Pool-0, weight 1024 cap 40, hard affinity 0:0"))
                .extracting(RestoreStep::verified).isEqualTo(true);
    }

    @Test
    @Order(6)
    void creditTimesliceOfThePool() {
        knobs.setTimeslice(journal, "Pool-0", 10, 500);

        assertThat(xl.poolParams("Pool-0").timesliceMillis()).isEqualTo(10);
        assertThat(xl.poolParams("Pool-0").ratelimitMicros()).isEqualTo(500);
    }

    @Test
    @Order(7)
    void interruptCoalescingIsReportedUnsupportedOnVirtualNics(QemuXen xen) {
        for (String iface : List.of("eth0", "vif" + xl.domain("media").id() + ".0")) {
            String before = xen.dom0().exec("ethtool -c " + iface).stdout();

            assertThatThrownBy(() -> knobs.setCoalescing(journal, iface, new Knob.Coalesce(40, 3)))
                    .isInstanceOf(UnsupportedKnobException.class)
                    .satisfies(e -> System.out.println("xen-lab: " + e.getMessage()));
            assertThat(xen.dom0().exec("ethtool -c " + iface).stdout()).isEqualTo(before);
        }
    }

    @Test
    @Order(8)
    void pciPassthroughIsReportedUnsupportedWithoutAnIommu() {
        assertThatThrownBy(() -> knobs.makePciAssignable(journal, "0000:00:03.0"))
                .isInstanceOf(UnsupportedKnobException.class)
                .satisfies(e -> System.out.println("xen-lab: " + e.getMessage()));
    }

    /**
     * Everything the knobs touch, in five xl calls (each costs seconds under TCG): pools and their
     * CPUs, each domain's pool, credit weight and cap, and vCPU hard affinity; CPU time and vCPU
     * placement are left out, they move.
     */
    private static String snapshot() {
        StringBuilder state = new StringBuilder(xl.cpupoolCpus().toString()).append('\n');
        xl.domains().forEach(d -> state.append(d.name()).append(" pool=").append(d.cpupool()).append('\n'));
        state.append(SchedulerParams.parseList(xl.creditParamsOfAllDomains())).append('\n');
        xl.vcpus().forEach(v -> state.append(v.domain()).append('/').append(v.vcpu()).append(" hard=")
                .append(v.hardAffinity()).append('\n'));
        return state.append(xl.poolParams("Pool-0")).toString();
    }
}
