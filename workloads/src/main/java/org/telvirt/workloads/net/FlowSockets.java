package org.telvirt.workloads.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * A socket per client flow, connected to the client and sharing a listen socket's port: the kernel then hands the
 * client's datagrams straight to it, and reading and writing it needs no address object, so a server's packet path
 * allocates nothing (an unconnected socket's {@code receive} makes a new address whenever the sender differs from the
 * last one's). The relay and the media server open their flows this way.
 */
public final class FlowSockets {
    private FlowSockets() {
    }

    public static StandardProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /**
     * Opens a non-blocking socket on {@code listenPort} connected to {@code client}. The listen socket must be bound to a
     * specific address: this one is bound to the wildcard address until connect(), where the kernel prefers the listen
     * socket for every client, so nothing lands here; connect() rehashes it under the specific address, where its exact
     * match wins. The JDK's connect() discards what a socket received before it returns: a client datagram arriving in
     * those microseconds is lost, once per flow at most.
     */
    public static DatagramChannel connectedTo(InetSocketAddress client, int listenPort, SocketBuffers buffers)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open(familyOf(client));
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            buffers.apply(channel);
            InetAddress wildcard = InetAddress.getByName(client.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
            channel.bind(new InetSocketAddress(wildcard, listenPort));
            channel.connect(client);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
