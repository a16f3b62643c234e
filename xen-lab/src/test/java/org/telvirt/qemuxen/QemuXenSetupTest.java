package org.telvirt.qemuxen;

import org.junit.jupiter.api.Test;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.xen.XenAccessProvider;
import org.telvirt.ssh.HostKeyPolicy;
import org.telvirt.ssh.SshSettings;
import org.telvirt.workloads.signaling.SipMessage;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The lab's recipe, settings and profiles, without booting anything. */
class QemuXenSetupTest {

    @Test
    void recipeKeysAreStableAndTheRootfsKeyDependsOnItsScriptAlone() {
        QemuXenRecipe recipe = QemuXenRecipe.load();

        assertThat(recipe.imageKey()).matches("[0-9a-f]{16}").isEqualTo(QemuXenRecipe.load().imageKey());
        assertThat(recipe.rootfsKey()).matches("[0-9a-f]{16}").isNotEqualTo(recipe.imageKey());
    }

    @Test
    void xenLabProfileGivesTheLabsAddressPortAndStrictHostKeys() {
        HostProfile profile = HostProfiles.load("xen-lab");
        QemuXenSettings lab = QemuXenSettings.fromProfile(profile);
        SshSettings ssh = SshSettings.from(profile.ssh());

        assertThat(profile.driver()).isEqualTo("xen");
        assertThat(profile.domainName("dom0")).isEqualTo("Domain-0");
        assertThat(lab.labAddress()).isEqualTo(ssh.host()).isEqualTo("10.213.77.2");
        assertThat(lab.sshPort()).isEqualTo(ssh.port()).isEqualTo(2222);
        assertThat(lab.xenArguments()).isEqualTo("sched=credit");
        assertThat(lab.namespace()).startsWith("telvirt");
        assertThat(ssh.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(ssh.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/telvirt-xenlab/current/known_hosts"));
        assertThat(lab.guests()).extracting(QemuGuest::name).containsExactly("media", "signaling", "cpu1", "cpu2",
                "media-image");
    }

    @Test
    void xenLabImageProfileMakesItsMediaDomainInTheLabsSlotOfTheSameLab() {
        HostProfile profile = HostProfiles.load("xen-lab-image");
        QemuGuest slot = QemuXenSettings.paperGuests().get(4);
        String template = profile.setting("domainConfig.media", null);

        assertThat(QemuXenSettings.fromProfile(profile)).isEqualTo(QemuXenSettings.fromProfile(HostProfiles.load("xen-lab")));
        assertThat(slot.kind()).isEqualTo(QemuGuest.Kind.IMAGE_ECHO);
        assertThat(slot.kind().madeByTheLab()).isFalse();
        assertThat(slot.kind().servesUdp()).isTrue();
        assertThat(profile.domainName("media")).isEqualTo(slot.name());
        assertThat(template).contains("name = \"${domain}\"", "ramdisk = \"${image}\"",
                "telvirt.ip=" + slot.address() + " ", "telvirt.image.version=${imageVersion}",
                "memory = " + slot.memoryMib(), "vcpus = " + slot.vcpus());
        assertThat(slot.xlConfig("any").lines().filter(line -> line.startsWith("vif ="))).singleElement()
                .satisfies(vif -> assertThat(template).contains(vif));
    }

    @Test
    void theXenDriverFindsThisLabByTheProfilesSettingsLab() {
        HostProfile profile = HostProfiles.load("xen-lab");

        assertThat(ServiceLoader.load(XenAccessProvider.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(lab -> lab.name().equals(profile.setting("lab", null)))
                .singleElement().isInstanceOf(QemuXenAccessProvider.class);
    }

    @Test
    void exampleXenProfileParses() {
        HostProfile profile = HostProfiles.load(Path.of("..", "host-profiles", "example-xen.yaml").toString());

        assertThat(SshSettings.from(profile.ssh()).hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(profile.setting("bypassPciDevice", null)).isEqualTo("0000:03:00.0");
    }

    @Test
    void guestConfigurationIsAPvGuestOnTheBridge() {
        String config = QemuXenSettings.paperGuests().get(0).xlConfig("6.1.0-50-amd64");

        assertThat(config).contains("name = \"media\"", "type = \"pv\"", "kernel = \"/boot/vmlinuz-6.1.0-50-amd64\"",
                "telvirt.ip=10.0.2.50\"", "vcpus = 2", "bridge=xenbr0,mac=00:16:3e:00:00:32");
    }

    @Test
    void eachGuestsSshIsForwardedOnItsOwnPortAfterDom0s() {
        QemuXenSettings lab = QemuXenSettings.defaults();

        assertThat(lab.guests()).extracting(lab::guestSshPort).containsExactly(2223, 2224, 2225, 2226, 2227);
        assertThatThrownBy(() -> lab.guestSshPort(new QemuGuest("other", QemuGuest.Kind.ECHO, "10.0.2.60", 1, 96)))
                .hasMessageContaining("no guest other");
    }

    @Test
    void theCopiedProgramIsStartedDetachedAndShownRunning() {
        QemuGuest media = QemuXenSettings.paperGuests().get(0);
        QemuGuest signaling = QemuXenSettings.paperGuests().get(1);
        QemuGuest cpu1 = QemuXenSettings.paperGuests().get(2);

        assertThat(media.startWorkloadCommand()).isEqualTo("chmod 700 /tmp/udp-echo && setsid /tmp/udp-echo 40000"
                + " </dev/null >/dev/null 2>&1 & sleep 1; pidof udp-echo");
        assertThat(signaling.startWorkloadCommand()).isEqualTo("chmod 700 /tmp/sip-server && setsid /tmp/sip-server"
                + " 5060 /tmp/calls.log 100000 </dev/null >/dev/null 2>&1 & sleep 1; pidof sip-server");
        assertThat(cpu1.startWorkloadCommand()).isEqualTo("chmod 700 /tmp/cpu-burn && setsid /tmp/cpu-burn"
                + " </dev/null >/dev/null 2>&1 & sleep 1; pidof cpu-burn");
    }

    @Test
    void theSignalingGuestRunsTheSipResponderOnTheSipPortAndEveryOtherUdpGuestAnEcho() {
        assertThat(QemuXenSettings.paperGuests()).filteredOn(guest -> guest.kind().servesUdp())
                .extracting(QemuGuest::name, guest -> guest.kind().program(), guest -> guest.kind().udpPort())
                .containsExactly(tuple("media", "udp-echo", 40000), tuple("signaling", "sip-server", 5060),
                        tuple("media-image", "udp-echo", 40000));
        assertThatThrownBy(() -> QemuGuest.Kind.CPU_BOUND.udpPort()).isInstanceOf(IllegalStateException.class);
    }

    /** The lab waits for the signaling guest until a SIP response to its probe's call comes back, nothing else. */
    @Test
    void theSignalingGuestsProbeIsAnsweredOnlyByASipResponseToItsCall() {
        QemuGuest signaling = QemuXenSettings.paperGuests().get(1);
        byte[] probe = signaling.probe();
        SipMessage request = SipMessage.parse(probe, probe.length).orElseThrow();

        assertThat(request.isRequest()).isTrue();
        assertThat(request.method()).isEqualTo("OPTIONS");
        assertThat(request.callId()).isEqualTo("telvirt-probe-signaling");
        byte[] notImplemented = SipMessage.response(501, "Not Implemented", request).encode();
        assertThat(signaling.answersProbe(notImplemented, notImplemented.length)).isTrue();
        assertThat(signaling.answersProbe(probe, probe.length)).as("the probe echoed").isFalse();
        byte[] otherCall = SipMessage.response(501, "Not Implemented",
                SipMessage.request("OPTIONS", "other", 1)).encode();
        assertThat(signaling.answersProbe(otherCall, otherCall.length)).isFalse();
        byte[] otherMethod = SipMessage.response(481, "Call Does Not Exist",
                SipMessage.request(SipMessage.BYE, request.callId(), 1)).encode();
        assertThat(signaling.answersProbe(otherMethod, otherMethod.length)).isFalse();
        assertThat(signaling.answersProbe(notImplemented, 20)).as("only the status line").isFalse();
    }

    @Test
    void anEchoGuestsProbeIsAnsweredByItsOwnCopyOnly() {
        QemuGuest media = QemuXenSettings.paperGuests().get(0);
        byte[] probe = media.probe();
        byte[] longer = Arrays.copyOf(probe, probe.length + 1);

        assertThat(media.answersProbe(probe, probe.length)).isTrue();
        assertThat(media.answersProbe(longer, longer.length)).isFalse();
        assertThat(media.answersProbe(probe, probe.length - 1)).isFalse();
    }

    @Test
    void guestAndNamespaceNamesAreChecked() {
        assertThatThrownBy(() -> new QemuGuest("media; reboot", QemuGuest.Kind.ECHO, "10.0.2.50", 1, 96))
                .hasMessageContaining("Xen domain name");
        assertThatThrownBy(() -> new QemuGuest("media", QemuGuest.Kind.ECHO, "192.168.1.5", 1, 96))
                .hasMessageContaining("10.0.2.0/24");
        QemuXenSettings defaults = QemuXenSettings.defaults();
        assertThatThrownBy(() -> new QemuXenSettings(defaults.cache(), "lab; reboot", defaults.hostVeth(), defaults.labVeth(),
                defaults.hostAddress(), defaults.labAddress(), 2222, 40050, "qemu64", 2, "4G", "", defaults.bootTimeout(),
                defaults.guests())).hasMessageContaining("namespace");
    }
}
