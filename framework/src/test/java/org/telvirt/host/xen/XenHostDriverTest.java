package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.SshTarget;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the xen driver chooses the way to its host, before anything connects. */
class XenHostDriverTest {

    @Test
    void aLabNotOnTheClassPathIsAConfigurationErrorNamingTheModuleThatBringsIt() {
        HostProfile profile = new HostProfile("xen-lab", "xen", null, 2, null, null, null, "credit",
                Map.of("dom0", "Domain-0"), new SshTarget("10.213.77.2", 2222, "root", "/k", "/kh", false), null,
                Map.of("lab", "qemu"));

        assertThatThrownBy(() -> new XenHostDriver().open(profile)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("settings.lab 'qemu' names no lab on the class path (labs found: none)")
                .hasMessageContaining("xen-lab module (org.telvirt:xen-lab)").hasMessageContaining("-Pxen-lab");
    }

    @Test
    void settingsTheRunCannotUseAreAConfigurationErrorBeforeAnythingConnects() {
        HostProfile profile = new HostProfile("lab-host", "xen", null, 2, null, null, null, "credit",
                Map.of("dom0", "Domain-0"), new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null,
                Map.of("mediaServer", "192.0.2.10", "signalingServer", "192.0.2.11:99999", "cpuBoundLoad", "burn",
                        "domainReadySeconds", "0", "domainConfigDirectory", "relative/dir"));

        assertThatThrownBy(() -> new XenHostDriver().open(profile)).isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems()).containsExactly(
                        "host profile lab-host: settings.mediaServer is \"192.0.2.10\": write HOST:PORT, e.g."
                                + " \"192.0.2.10:40000\"",
                        "host profile lab-host: settings.signalingServer is \"192.0.2.11:99999\": write HOST:PORT, e.g."
                                + " \"192.0.2.10:40000\"",
                        "host profile lab-host: settings.cpuBoundLoad is \"burn\": write unpause or running",
                        "host profile lab-host: settings.domainReadySeconds is \"0\": write whole seconds, 1 to 9999",
                        "host profile lab-host: settings.domainConfigDirectory: remote path \"relative/dir\" is not"
                                + " allowed (absolute, letters, digits and _ . / + - only)"));
    }
}
