package org.telvirt.host.xen;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;

/**
 * A real Xen host: Dom0 over the SSH session of the profile's {@code ssh:} entry, the media and
 * signaling servers where {@code settings.mediaServer} and {@code settings.signalingServer} say. The
 * CPU-bound domains' load is the driver's, as {@code settings.cpuBoundLoad} says ({@link XenHost}).
 */
final class SshXenAccess implements XenAccess {

    private final HostProfile profile;
    private final RemoteShell dom0;
    private final AutoCloseable connection;

    /** @param connection what {@link #close()} closes: the SSH session behind {@code dom0} */
    SshXenAccess(HostProfile profile, RemoteShell dom0, AutoCloseable connection) {
        this.profile = profile;
        this.dom0 = dom0;
        this.connection = connection;
    }

    static SshXenAccess open(HostProfile profile) {
        SshSession session = SshSession.open(SshSettings.from(profile.ssh()));
        return new SshXenAccess(profile, session, session);
    }

    @Override
    public RemoteShell dom0() {
        return dom0;
    }

    @Override
    public Optional<InetSocketAddress> mediaServer() {
        return new XenSettings(profile).mediaServer();
    }

    @Override
    public Optional<InetSocketAddress> signalingServer() {
        return new XenSettings(profile).signalingServer();
    }

    /** The driver starts it as {@code settings.cpuBoundLoad} says, through the journal: nothing to do here. */
    @Override
    public void startCpuBoundLoad(String domain) {
    }

    /** The journal's restore ends what the driver started. */
    @Override
    public void stopCpuBoundLoad(String domain) {
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            throw new HostException("closing Xen host " + profile.name() + ": " + e.getMessage(), e);
        }
    }
}
