package org.telvirt.qemuxen;

import org.telvirt.Role;
import org.telvirt.host.HostProfile;
import org.telvirt.host.xen.XenAccess;
import org.telvirt.ssh.RemoteShell;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The xen driver's way into {@link QemuXen}: Dom0 over the lab's one SSH session, the media guest's
 * echo and the signaling guest's SIP responder through QEMU's forwarded ports, the CPU-bound guests'
 * load by unpausing them.
 */
final class QemuXenAccess implements XenAccess {

    private final QemuXen xen;
    private final HostProfile profile;

    QemuXenAccess(QemuXen xen, HostProfile profile) {
        this.xen = xen;
        this.profile = profile;
    }

    @Override
    public RemoteShell dom0() {
        return xen.dom0();
    }

    @Override
    public Optional<InetSocketAddress> mediaServer() {
        return Optional.of(xen.forwardedUdp(profile.domainName(Role.MEDIA)));
    }

    /** The signaling guest's sip-server, which the signaling client on this machine calls as it calls telvirt's own. */
    @Override
    public Optional<InetSocketAddress> signalingServer() {
        return Optional.of(xen.forwardedUdp(profile.domainName(Role.SIGNALING)));
    }

    /** The guest burns CPU from its boot; it is kept paused so that it slows no other step of the lab. */
    @Override
    public void startCpuBoundLoad(String domain) {
        xen.unpause(domain);
    }

    @Override
    public void stopCpuBoundLoad(String domain) {
        xen.pause(domain);
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>(xen.notes());
        xen.guestWorkloads().forEach((guest, sha256) -> notes.add("xen-lab: guest " + guest
                + " runs a static program copied in over SSH (no Java in the guests), sha256 " + sha256));
        notes.add("xen-lab: the media domain's program is a UDP echo; the signaling domain's a static SIP responder"
                + " answering as telvirt's signaling server, " + QemuGuest.SIGNALING_WORK_ROUNDS + " rounds of work per"
                + " new call, its call log fsync'd in the guest's RAM (its initramfs), which costs no disk I/O");
        return notes;
    }

    /** Leaves the lab up: the next host opened in this JVM reuses it (see {@link QemuXen#shared}). */
    @Override
    public void close() {
    }
}
