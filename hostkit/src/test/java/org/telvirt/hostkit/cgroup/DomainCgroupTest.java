package org.telvirt.hostkit.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        CgroupVersion version = RootCgroups.version(mounts);
        String runId = "test-" + ProcessHandle.current().pid();
        String subtreeControl = v2SubtreeControl(mounts);
        try (KnobJournal journal = KnobJournal.open(journalDir, "knobs", log)) {
            Cgroups cgroups = Cgroups.detect(mounts, journal);
            assertThat(cgroups.version()).isEqualTo(version);
            DomainCgroup dom0 = cgroups.createDomain(runId, "dom0");
            DomainCgroup media = cgroups.createDomain(runId, "media");
            CgroupPaths paths = dom0.paths();
            Path hierarchy = version == CgroupVersion.V1 ? mounts.v1Controllers().get("cpu")
                    : mounts.v2Root().orElseThrow();
            assertThat(paths.cpuDir()).isEqualTo(hierarchy.resolve("telvirt-" + runId + "/dom0"));
            // a v2 cpuset starts empty and runs on its parent's CPUs; a v1 one is given a copy of them
            Path effectiveCpus = paths.cpusetDir().resolve(version == CgroupVersion.V1 ? "cpuset.cpus"
                    : "cpuset.cpus.effective");
            assertThat(CpuList.parse(KnobFiles.read(effectiveCpus))).isEqualTo(cgroups.onlineCpus());

            dom0.setWeight(8192);
            dom0.setCap(30);
            dom0.pin(Set.of(0));
            media.setWeight(4096);
            dom0.freeze();

            Map<String, String> tuned = version == CgroupVersion.V1
                    ? Map.of("cpu.shares", "32768", "cpu.cfs_quota_us", "30000", "cpu.cfs_period_us", "100000")
                    : Map.of("cpu.weight", "3200", "cpu.max", "30000 100000");
            for (Map.Entry<String, String> knob : tuned.entrySet()) {
                assertThat(KnobFiles.read(paths.cpuDir().resolve(knob.getKey()))).as(knob.getKey())
                        .isEqualTo(knob.getValue());
            }
            assertThat(KnobFiles.read(paths.cpusKnob())).isEqualTo("0");
            assertThat(dom0.isFrozen()).isTrue();

            dom0.thaw();
            dom0.setCap(0);
            String quotaKnob = version == CgroupVersion.V1 ? "cpu.cfs_quota_us" : "cpu.max";
            assertThat(KnobFiles.read(paths.cpuDir().resolve(quotaKnob)))
                    .isEqualTo(version == CgroupVersion.V1 ? "-1" : "max 100000");
            assertThat(dom0.isFrozen()).isFalse();

            RestoreReport report = journal.restore();
            report.print(System.out);

            assertThat(report.verified()).isTrue();
            String weightKnob = version == CgroupVersion.V1 ? "cpu.shares" : "cpu.weight";
            assertThat(report.steps()).filteredOn(step -> step.target().endsWith("dom0/" + weightKnob))
                    .singleElement().satisfies(step -> assertThat(step.after())
                            .isEqualTo(version == CgroupVersion.V1 ? "1024" : "100"));
            for (Path dir : paths.directories()) {
                assertThat(dir.getParent()).as("the run's cgroup").doesNotExist();
            }
            assertThat(v2SubtreeControl(mounts)).as("controllers enabled at the cgroup2 root").isEqualTo(subtreeControl);
        }
    }

    @Test
    void aProcessMovesWithAllItsThreadsAndAFrozenOneIsStillEndedByTheJournal() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        String runId = "test-" + ProcessHandle.current().pid() + "-move";
        List<String> controllers = RootCgroups.version(mounts) == CgroupVersion.V1 ? CgroupMounts.V1_CONTROLLERS
                : List.of("");
        try (KnobJournal journal = KnobJournal.open(journalDir, "move", log)) {
            DomainCgroup domain = Cgroups.detect(mounts, journal).createDomain(runId, "media");
            try (ChildJvm child = ChildJvm.start(Sleeper.class, List.of())) {
                child.awaitLine("SLEEPING");
                long pid = child.process().pid();
                journal.recordProcess(pid);
                domain.addProcess(pid);

                List<Long> threads = new ArrayList<>();
                try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    tasks.forEach(task -> threads.add(Long.parseLong(task.getFileName().toString())));
                }
                assertThat(threads).hasSizeGreaterThan(5);
                for (long thread : threads) {
                    for (String controller : controllers) {
                        Optional<String> cgroup = ProcFs.cgroupOf(thread, controller);
                        // a start-up thread may end between the listing and the read (seen in the cgroup v2 guest)
                        if (cgroup.isPresent() || Files.exists(Path.of("/proc", Long.toString(pid), "task",
                                Long.toString(thread)))) {
                            assertThat(cgroup).as("thread %d in %s", thread, controller.isEmpty() ? "cgroup2"
                                    : controller).contains("/telvirt-" + runId + "/media");
                        }
                    }
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
        assertThat(output).startsWith("NOT READY cgroup /sys/fs/cgroup")
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

    /** Waits until every task has stopped, not just until the freeze was asked for. */
    private static void awaitFrozen(DomainCgroup domain) throws Exception {
        for (int i = 0; i < 200 && !frozenCompletely(domain.paths()); i++) {
            Thread.sleep(5);
        }
        assertThat(frozenCompletely(domain.paths())).as("frozen").isTrue();
    }

    private static boolean frozenCompletely(CgroupPaths paths) throws IOException {
        return paths.version() == CgroupVersion.V1 ? KnobFiles.read(paths.freezeKnob()).equals("FROZEN")
                : KnobFiles.read(paths.freezerDir().resolve("cgroup.events")).lines().anyMatch("frozen 1"::equals);
    }

    private static String v2SubtreeControl(CgroupMounts mounts) throws IOException {
        return mounts.v2Root().isPresent() ? KnobFiles.read(mounts.v2Root().get().resolve("cgroup.subtree_control"))
                : "";
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
