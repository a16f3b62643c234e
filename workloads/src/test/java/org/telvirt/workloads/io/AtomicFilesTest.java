package org.telvirt.workloads.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.ChildJvm;

/** A result file is the old one or the whole new one, whenever its writer dies and whatever the disk does. */
class AtomicFilesTest {
    private static final int KILLS = 12;
    private static final int RESULT_BYTES = 4 << 20;

    @TempDir
    Path directory;

    /** A 4 MiB result, all of one letter, ending in a newline: torn, it is shorter or mixed. */
    static byte[] result(char letter) {
        byte[] content = new byte[RESULT_BYTES];
        Arrays.fill(content, (byte) letter);
        content[content.length - 1] = '\n';
        return content;
    }

    @Test
    void aWriterKilledAtAnyMomentLeavesTheOldOrTheNewFileWhole() throws Exception {
        Path atomic = directory.resolve("run.json");
        Path plain = directory.resolve("plain.json");
        List<byte[]> whole = List.of(result('a'), result('b'));
        Random random = new Random(8);
        int plainTorn = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            try (ChildJvm writer = ChildJvm.start(AtomicWriterChild.class, List.of(), atomic.toString(),
                    plain.toString())) {
                writer.awaitLine("WROTE");
                Thread.sleep(random.nextInt(20, 200));
                writer.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            byte[] found = Files.readAllBytes(atomic);
            assertThat(whole).as("kill %d: %s, %d bytes", kill, AtomicWriterChild.describe(found), found.length)
                    .anySatisfy(expected -> assertThat(found).isEqualTo(expected));
            byte[] plainFound = Files.readAllBytes(plain);
            if (whole.stream().noneMatch(expected -> Arrays.equals(expected, plainFound))) {
                plainTorn++;
            }
        }
        System.out.printf("[reliability] writer killed %d times mid-loop: the atomic result was whole every time,"
                + " a plain write of the same bytes was torn %d times%n", KILLS, plainTorn);
    }

    @Test
    void aReadOnlyFileSystemIsAnErrorNamingTheFileAndKeepsTheOldResult() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mountPoint = Files.createDirectories(directory.resolve("tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "telvirt-test", mountPoint.toString());
        try {
            Path file = mountPoint.resolve("summary.json");
            AtomicFiles.write(file, "{\"old\": true}\n".getBytes(StandardCharsets.UTF_8));
            run("mount", "-o", "remount,ro", mountPoint.toString());

            assertThatThrownBy(() -> AtomicFiles.write(file, "{\"new\": true}\n".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot write " + file)
                    .hasMessageContaining("Read-only file system");
            assertThat(file).hasContent("{\"old\": true}");
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void aFullDiskIsAnErrorNamingTheFileAndLeavesNoPartialFile() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mountPoint = Files.createDirectories(directory.resolve("tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "telvirt-test", mountPoint.toString());
        try {
            Path file = mountPoint.resolve("summary.json");
            AtomicFiles.write(file, "{\"old\": true}\n".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> AtomicFiles.write(file, result('c'))).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot write " + file).hasMessageContaining("No space left on device");
            assertThat(file).hasContent("{\"old\": true}");
            try (var files = Files.list(mountPoint)) {
                assertThat(files).as("temporary files left").containsExactly(file);
            }
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
