package org.telvirt.host.xen;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.telvirt.ssh.RemoteShell;

/**
 * How the xen driver reaches a Xen host: Dom0's shell, where the media domain's server answers the
 * RTP clients of this machine, the load of the CPU-bound guests. A real host is reached over SSH
 * ({@link SshXenAccess}); a host that a lab boots first is reached as its {@link XenAccessProvider}
 * says, so the driver runs the same commands on both.
 */
public interface XenAccess extends AutoCloseable {

    /** Where {@code xl} and {@code ethtool} run. */
    RemoteShell dom0();

    /** Where the RTP clients on this machine send to reach the media domain's server; empty if the host does not say. */
    Optional<InetSocketAddress> mediaServer();

    /**
     * Where the signaling client on this machine reaches the signaling domain's server; empty when the host does not
     * say, and a lab that says nothing drives no signaling load.
     */
    default Optional<InetSocketAddress> signalingServer() {
        return Optional.empty();
    }

    /** Lets a CPU-bound guest's load run while a configuration is measured. */
    void startCpuBoundLoad(String domain);

    /** Ends what {@link #startCpuBoundLoad} started, when the configuration's run closes. */
    void stopCpuBoundLoad(String domain);

    /** What a reader of this host's results must know about how it was reached and what its guests run. */
    List<String> notes();

    /** Lets go of the host; the host itself keeps running. */
    @Override
    void close();
}
