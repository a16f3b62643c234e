package org.telvirt.hostkit.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;

/** Domains on the real cgroups of this machine: create, move, every knob, read back, restore. */
class DomainCgroupTest {
    @TempDir
    Path journalDir;
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void everyKnobIsAppliedReadBackAndRestored() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        String runId = "test-" + ProcessHandle.current().pid();
        try (KnobJournal journal = KnobJournal.open(journalDir, "knobs", log)) {
            Cgroups cgroups = Cgroups.detect(mounts, journal);
            assertThat(cgroups.version()).isEqualTo(CgroupVersion.V1);
            DomainCgroup dom0 = cgroups.createDomain(runId, "dom0");
            DomainCgroup media = cgroups.createDomain(runId, "media");
            CgroupPaths paths = dom0.paths();
            assertThat(paths.cpuDir()).isEqualTo(mounts.v1Controllers().get("cpu").resolve("telvirt-" + runId + "/dom0"));
            assertThat(KnobFiles.read(paths.cpusKnob())).isEqualTo(KnobFiles.read(
                    mounts.v1Controllers().get("cpuset").resolve("cpuset.cpus")));

            dom0.setWeight(8192);
            dom0.setCap(30);
            dom0.pin(Set.of(0));
            media.setWeight(4096);
            dom0.freeze();

            assertThat(KnobFiles.read(paths.cpuDir().resolve("cpu.shares"))).isEqualTo("32768");
            assertThat(KnobFiles.read(paths.cpuDir().resolve("cpu.cfs_quota_us"))).isEqualTo("30000");
            assertThat(KnobFiles.read(paths.cpuDir().resolve("cpu.cfs_period_us"))).isEqualTo("100000");
            assertThat(KnobFiles.read(paths.cpusKnob())).isEqualTo("0");
            assertThat(dom0.isFrozen()).isTrue();

            dom0.thaw();
            dom0.setCap(0);
            assertThat(KnobFiles.read(paths.cpuDir().resolve("cpu.cfs_quota_us"))).isEqualTo("-1");
            assertThat(dom0.isFrozen()).isFalse();

            RestoreReport report = journal.restore();
            report.print(System.out);

            assertThat(report.verified()).isTrue();
            assertThat(report.steps()).filteredOn(step -> step.target().endsWith("dom0/cpu.shares"))
                    .singleElement().satisfies(step -> assertThat(step.after()).isEqualTo("1024"));
            assertThat(paths.cpuDir()).doesNotExist();
            assertThat(paths.cpusetDir().getParent()).doesNotExist();
            assertThat(paths.freezerDir().getParent()).doesNotExist();
        }
    }

    @Test
    void aProcessMovesWithAllItsThreadsAndAFrozenOneIsStillEndedByTheJournal() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        String runId = "test-" + ProcessHandle.current().pid() + "-move";
        try (KnobJournal journal = KnobJournal.open(journalDir, "move", log)) {
            DomainCgroup domain = Cgroups.detect(mounts, journal).createDomain(runId, "media");
            try (ChildJvm child = ChildJvm.start(Sleeper.class, List.of())) {
                child.awaitLine("SLEEPING");
                long pid = child.process().pid();
                journal.recordProcess(pid);
                domain.addProcess(pid);

                List<Path> threads = new ArrayList<>();
                try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    tasks.forEach(threads::add);
                }
                assertThat(threads).hasSizeGreaterThan(5);
                for (Path thread : threads) {
                    String cgroups = Files.readString(thread.resolve("cgroup"));
                    assertThat(cgroups).contains("cpuset:/telvirt-" + runId + "/media")
                            .contains("freezer:/telvirt-" + runId + "/media")
                            .contains("cpuacct:/telvirt-" + runId + "/media");
                }
                long start = ProcFs.startTicks(pid).orElseThrow();
                domain.freeze();
                awaitFrozen(domain);

                RestoreReport report = journal.restore();
                report.print(System.out);

                assertThat(report.verified()).isTrue();
                assertThat(child.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(ProcFs.isRunning(pid, start)).isFalse();
                assertThat(domain.paths().freezerDir()).doesNotExist();
            }
        }
    }

    @Test
    void anUnprivilegedUserIsToldToRunAsRootOrUseTheNativeHost() throws Exception {
        RootCgroups.assumeAvailable();
        Path classes = Path.of(Cgroups.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path testClasses = Path.of(NotRootChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classes + ":" + testClasses,
                NotRootChild.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        assertThat(output).startsWith("NOT READY cgroup /sys/fs/cgroup/")
                .contains("not writable: run as root or use -Dtelvirt.host=native")
                .doesNotContain("Exception");
    }

    @Test
    void provisioningApplyingAndRestoringFiveDomainsIsQuick() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        String runId = "test-" + ProcessHandle.current().pid() + "-bench";
        long start = System.nanoTime();
        RestoreReport report;
        try (KnobJournal journal = KnobJournal.open(journalDir, "bench", log)) {
            Cgroups cgroups = Cgroups.detect(mounts, journal);
            for (String name : List.of("dom0", "media", "signaling", "cpu1", "cpu2")) {
                DomainCgroup domain = cgroups.createDomain(runId, name);
                domain.setWeight(512);
                domain.setCap(50);
                domain.pin(Set.of(0));
            }
            report = journal.restore();
        }
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.printf("provision + apply + restore of 5 domains (%d journal steps): %.1f ms%n",
                report.steps().size(), millis);
        assertThat(report.verified()).isTrue();
    }

    private static void awaitFrozen(DomainCgroup domain) throws Exception {
        for (int i = 0; i < 200 && !KnobFiles.read(domain.paths().freezeKnob()).equals("FROZEN"); i++) {
            Thread.sleep(5);
        }
        assertThat(KnobFiles.read(domain.paths().freezeKnob())).isEqualTo("FROZEN");
    }

    /** A JVM that only sleeps: many threads, no work. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("SLEEPING");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
