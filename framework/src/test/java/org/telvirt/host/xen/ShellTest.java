package org.telvirt.host.xen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.telvirt.ssh.Shell;

class ShellTest {

    @ParameterizedTest
    @ValueSource(strings = {"media; rm -rf /", "$(reboot)", "`reboot`", "media\nreboot", "-w", "--help", "",
            " media", "media ", "a|b", "a&b", "a>b", "../x", "dom\u0000"})
    void hostileDomainNamesAreRefusedWithTheValueShown(String hostile) {
        assertThatThrownBy(() -> Shell.domainName(hostile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Xen domain name \"")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Domain-0", "media", "cpu1", "vm_01.example"})
    void ordinaryDomainNamesPass(String name) {
        assertThat(Shell.domainName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0; reboot", "$(reboot)", "eth0\n", "-C", "averyveryverylongname0"})
    void hostileInterfaceNamesAreRefused(String hostile) {
        assertThatThrownBy(() -> Shell.interfaceName(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network interface name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-1; reboot", "$(reboot)", "0\n1", "-1", "0,", "0--1", "nodes:0", "all,0"})
    void hostileCpuListsAreRefused(String hostile) {
        assertThatThrownBy(() -> Shell.cpuList(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CPU list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0-1", "0,2-3", "all", "1"})
    void cpuListsPass(String cpus) {
        assertThat(Shell.cpuList(cpus)).isEqualTo(cpus);
    }

    @Test
    void pciAddressesAreChecked() {
        assertThat(Shell.pciAddress("0000:00:1f.2")).isEqualTo("0000:00:1f.2");
        assertThat(Shell.pciAddress("03:00.0")).isEqualTo("03:00.0");
        assertThatThrownBy(() -> Shell.pciAddress("0000:00:1f.2; reboot")).hasMessageContaining("PCI address");
        assertThatThrownBy(() -> Shell.pciAddress("0000:00:1f.8")).hasMessageContaining("PCI address");
    }

    @Test
    void remotePathsRefuseTraversalAndShellCharacters() {
        assertThat(Shell.remotePath("/root/telvirt/telvirt.jar")).isEqualTo("/root/telvirt/telvirt.jar");
        assertThatThrownBy(() -> Shell.remotePath("relative/x")).hasMessageContaining("remote path");
        assertThatThrownBy(() -> Shell.remotePath("/root/../etc/shadow")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Shell.remotePath("/tmp/$(reboot)")).hasMessageContaining("remote path");
    }

    @Test
    void quotingKeepsEveryCharacterLiteral() {
        assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Shell.command("xl", "sched-credit", "-d", "media; reboot"))
                .isEqualTo("'xl' 'sched-credit' '-d' 'media; reboot'");
    }

    @Test
    void controlCharactersAreShownEscapedInErrors() {
        assertThatThrownBy(() -> Shell.domainName("media\nreboot"))
                .hasMessageContaining("\"media\\x0areboot\"");
    }
}
