package org.telvirt.qemuxen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.HostException;

/**
 * What {@code ./telvirt host restore} does to a lab a killed build left: its QEMU is stopped (here a stand-in process
 * named like QEMU, in a cache of the test's own), unless a live lab holds the lock. Its own namespace and veth names,
 * so a real lab running beside it is never touched.
 */
class QemuXenLeftBehindTest {
    @TempDir
    Path cache;

    private Process leftQemu;
    private QemuXenSettings settings;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void aQemuLeftByAKilledBuild() throws Exception {
        assumeTrue(QemuXenCommands.missing(List.of("ip")).isEmpty() && "root".equals(System.getProperty("user.name")),
                "needs root and ip(8), as the lab itself");
        QemuXenSettings defaults = QemuXenSettings.defaults();
        settings = new QemuXenSettings(cache, "telvirt-lefttest", "telvirt-lt0", "telvirt-lt1", defaults.hostAddress(),
                defaults.labAddress(), defaults.sshPort(), defaults.firstUdpPort(), defaults.qemuCpu(), defaults.cpus(),
                defaults.memory(), defaults.xenArguments(), defaults.bootTimeout(), defaults.guests());
        Path standIn = cache.resolve("qemu-system-x86_64");
        Files.copy(Path.of("/bin/sleep"), standIn);
        standIn.toFile().setExecutable(true);
        leftQemu = new ProcessBuilder(standIn.toString(), "300").start();
        Files.createDirectories(cache.resolve("run"));
        Files.writeString(cache.resolve("run/qemu.pid"), leftQemu.pid() + "\n");
    }

    @AfterEach
    void stopStandIn() {
        if (leftQemu != null) {
            leftQemu.destroyForcibly();
        }
    }

    @Test
    void aLeftQemuIsStopped() throws Exception {
        QemuXen.stopLeftBehind(settings, progress::add);

        assertThat(leftQemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.resolve("run/qemu.pid")).doesNotExist();
        assertThat(progress).singleElement().asString()
                .contains("a QEMU from an earlier run is still up (PID " + leftQemu.pid() + "); stopping it");
    }

    @Test
    void aLiveLabIsNeverTouched() throws Exception {
        try (FileChannel lock = FileChannel.open(cache.resolve("run/lab.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lock.lock();

            assertThatThrownBy(() -> QemuXen.stopLeftBehind(settings, progress::add)).isInstanceOf(HostException.class)
                    .hasMessageContaining("another xen-lab is running on this machine");
        }
        assertThat(leftQemu.waitFor(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        assertThat(cache.resolve("run/qemu.pid")).exists();
    }
}
