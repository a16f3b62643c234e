package org.telvirt.workloads.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.ChildJvm;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.hostkit.RootCgroups;
import org.telvirt.hostkit.journal.FileWrite;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.workloads.Telvirt;
import org.telvirt.workloads.io.JsonFiles;
import picocli.CommandLine;

/** Runs in forked JVMs on real cgroups: killed runs are restored by the next one, live runs are left alone. */
class JournalAcrossRunsTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunIsRestoredByHostRestoreWhileALiveRunIsLeftAlone() throws Exception {
        CgroupMounts mounts = RootCgroups.assumeAvailable();
        Path journals = dir.resolve("journal");
        Path knob = Files.writeString(dir.resolve("knob"), "original\n");
        Path liveKnob = Files.writeString(dir.resolve("live-knob"), "original\n");
        Path cgroup = RootCgroups.testCgroup(mounts, "killed");
        List<String> props = List.of("-D" + KnobJournal.DIR_PROPERTY + "=" + journals);
        try (ChildJvm killed = ChildJvm.start(JournalChild.class, props, journals.toString(), "killed",
                knob.toString(), cgroup.toString());
             ChildJvm live = ChildJvm.start(JournalChild.class, props, journals.toString(), "live",
                     liveKnob.toString())) {
            long orphan = Long.parseLong(killed.awaitLine("READY").split(" ")[1]);
            long orphanStart = ProcFs.startTicks(orphan).orElseThrow();
            live.awaitLine("READY");
            assertThat(Files.readString(knob).trim()).isEqualTo("tuned");
            assertThat(cgroup).isDirectory();
            assertThat(Files.readString(cgroup.resolve("cgroup.procs")).trim()).isEqualTo(Long.toString(orphan));

            killed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(ProcFs.isRunning(orphan, orphanStart)).isTrue();

            String status = runCli(journals, "host", "status");
            assertThat(status).contains("LEFT BEHIND").contains("killed").contains("in use").contains("live");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = runCli(journals, out, "host", "restore");
            String restored = out.toString(StandardCharsets.UTF_8);
            System.out.println(restored);

            assertThat(exit).isZero();
            assertThat(restored).contains("run killed", "all verified", "ended by SIGTERM", "directory-created")
                    .doesNotContain("run live");
            assertThat(Files.readString(knob).trim()).isEqualTo("original");
            assertThat(cgroup).doesNotExist();
            assertThat(ProcFs.isRunning(orphan, orphanStart)).as("the orphan has ended").isFalse();
            assertThat(journals.resolve("killed.jsonl")).doesNotExist();
            assertThat(Files.readString(liveKnob).trim()).isEqualTo("tuned");
            assertThat(journals.resolve("live.jsonl")).exists();
        }
    }

    @Test
    void sigtermRestoresThroughTheShutdownHook() throws Exception {
        Path journals = dir.resolve("journal");
        Path knob = Files.writeString(dir.resolve("knob"), "original\n");
        try (ChildJvm child = ChildJvm.start(JournalChild.class, List.of(), journals.toString(), "terminated",
                knob.toString())) {
            child.awaitLine("READY");
            assertThat(Files.readString(knob).trim()).isEqualTo("tuned");

            child.process().toHandle().destroy();
            String output = child.remainingOutput(Duration.ofSeconds(10));

            assertThat(output).contains("shutting down, restoring").contains("all verified");
            assertThat(Files.readString(knob).trim()).isEqualTo("original");
            assertThat(journals.resolve("terminated.jsonl")).doesNotExist();
        }
    }

    @Test
    void hostRestoreExitsNonZeroWhenAStepCannotBeVerified() throws Exception {
        Path journals = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journals.resolve("broken.jsonl"),
                JsonFiles.toLine(new FileWrite(dir.resolve("no-such-knob").toString(), "1", "2")) + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(runCli(journals, out, "host", "restore")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL", "no-such-knob", "journal kept");
        assertThat(journals.resolve("broken.jsonl")).exists();
    }

    private static String runCli(Path journals, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runCli(journals, out, args);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int runCli(Path journals, ByteArrayOutputStream out, String... args) {
        PrintStream original = System.out;
        String[] withDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDir, 0, args.length);
        withDir[args.length] = "--journal-dir";
        withDir[args.length + 1] = journals.toString();
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            return new CommandLine(new Telvirt()).execute(withDir);
        } finally {
            System.setOut(original);
        }
    }
}
