package org.telvirt.host.xen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A media endpoint on loopback: with {@code answering}, every datagram goes back to its sender, as a booted media
 * domain's RTP echo; without, the port is held and nothing answers, as a domain whose endpoint never came up.
 */
final class UdpEcho implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread echo;

    private UdpEcho(boolean answering) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        echo = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    if (answering) {
                        socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }, "udp-echo");
        echo.setDaemon(true);
        echo.start();
    }

    static UdpEcho answering() throws IOException {
        return new UdpEcho(true);
    }

    static UdpEcho silent() throws IOException {
        return new UdpEcho(false);
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        echo.join(5000);
    }
}
