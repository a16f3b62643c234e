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
 * A real Xen host: Dom0 over the SSH session of the profile's {@code ssh:} entry, the media server
 * where {@code settings.mediaServer} says. Its CPU-bound VMs run their load on their own, so there
 * is nothing to start or stop.
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
        return Optional.ofNullable(profile.setting("mediaServer", null)).map(configured -> {
            int colon = configured.lastIndexOf(':');
            return new InetSocketAddress(configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)));
        });
    }

    @Override
    public void startCpuBoundLoad(String domain) {
        // the VM's own load runs whether measured or not
    }

    @Override
    public void stopCpuBoundLoad(String domain) {
        // nothing was started
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
