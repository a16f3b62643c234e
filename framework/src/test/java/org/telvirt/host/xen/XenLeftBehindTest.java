package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.SshException;
import org.telvirt.ssh.SshTarget;

/** What {@code ./telvirt host restore} says and keeps when a journal's host cannot be reached or named. */
class XenLeftBehindTest {
    @TempDir
    Path directory;

    private final List<String> printed = new ArrayList<>();

    private Path journalLeftBehind(String profileName) throws Exception {
        Path journal = XenLeftBehind.journalFile(directory, profileName);
        Files.writeString(journal, "{\"kind\":\"unpause\",\"domain\":\"cpu1\"}\n");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-------"));
        return journal;
    }

    private static HostProfile realHost(String name) {
        return new HostProfile(name, "xen", null, 4, null, null, null, "credit", Map.of(),
                new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null, Map.of());
    }

    @Test
    void anUnreachableDom0KeepsTheJournalAndFails() throws Exception {
        Path journal = journalLeftBehind("far-host");
        XenLeftBehind leftBehind = new XenLeftBehind(directory, XenLeftBehindTest::realHost, profile -> {
            throw new SshException("connect to dom0.example.org:22: Connection refused");
        });

        assertThat(leftBehind.restore(printed::add)).isFalse();

        assertThat(journal).exists();
        assertThat(printed).singleElement().asString().contains("NOT restored: " + journal + " stays for the next try")
                .contains("Connection refused");
    }

    @Test
    void aJournalWhoseProfileIsUnknownIsKeptAndNamed() throws Exception {
        Path journal = journalLeftBehind("gone");
        XenLeftBehind leftBehind = new XenLeftBehind(directory, name -> {
            throw new InvalidConfigurationException(List.of("its host profile '" + name + "' is neither built in nor"
                    + " host-profiles/" + name + ".yaml"));
        }, profile -> {
            throw new AssertionError("nothing to connect to");
        });

        assertThat(leftBehind.restore(printed::add)).isFalse();

        assertThat(journal).exists();
        assertThat(printed).singleElement().asString().contains("its host profile 'gone'");
    }

    @Test
    void nothingLeftBehindIsSaidAndSucceeds() {
        assertThat(new XenLeftBehind(directory, XenLeftBehindTest::realHost, profile -> {
            throw new AssertionError("nothing to connect to");
        }).restore(printed::add)).isTrue();
        assertThat(printed).singleElement().asString().startsWith("No Xen journal left behind in " + directory);
    }
}
