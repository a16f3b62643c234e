package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.telvirt.ssh.SshTarget;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.telvirt.ssh.HostKeyPolicy;
import org.telvirt.ssh.SshSettings;

class SshSettingsTest {

    @Test
    void profileEntryBecomesStrictKeyOnlySettings() {
        SshSettings settings = SshSettings.from(new SshTarget("dom0.lab", null, "root", "~/.ssh/lab", "/etc/lab/known_hosts", false));

        assertThat(settings.port()).isEqualTo(22);
        assertThat(settings.privateKey()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/lab"));
        assertThat(settings.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(settings.passwordEnvironmentVariable()).isNull();
        assertThat(settings.commandTimeout()).isEqualTo(SshSettings.DEFAULT_COMMAND_TIMEOUT);
    }

    @Test
    void trustOnFirstUseOnlyWhenTheProfileSaysSo() {
        assertThat(SshSettings.from(new SshTarget("h", 2222, "root", "/k", "/kh", true)).hostKeyPolicy())
                .isEqualTo(HostKeyPolicy.TRUST_ON_FIRST_USE);
    }

    @Test
    void missingKnownHostsOrKeyIsAnError() {
        assertThatThrownBy(() -> SshSettings.from(new SshTarget("h", 22, "root", "/k", null, false)))
                .hasMessageContaining("ssh.knownHostsFile");
        assertThatThrownBy(() -> SshSettings.from(new SshTarget("h", 22, "root", null, "/kh", false)))
                .hasMessageContaining("ssh.identityFile");
        assertThatThrownBy(() -> SshSettings.of("h", 70000, "root", Path.of("/k"), Path.of("/kh")))
                .hasMessageContaining("ssh.port 70000");
    }
}
