package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.SshTarget;

import java.util.Map;

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
}
