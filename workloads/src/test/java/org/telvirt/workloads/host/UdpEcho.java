package org.telvirt.workloads.host;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A domain's workload in the tests: echoes every datagram on 127.0.0.1, blocking in between. Prints its port. */
public final class UdpEcho {
    public static void main(String[] args) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            System.out.println("PORT " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
            System.out.flush();
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                channel.send(buffer, from);
            }
        }
    }
}
