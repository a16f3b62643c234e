package org.telvirt.host.xen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.telvirt.HostException;
import org.telvirt.workloads.rtp.RtpPacket;

/**
 * Whether a media endpoint answers: one RTP frame as the clients send them (a PCMU frame is what telvirt's media server
 * and an image's RTP echo both send back), again every {@link #RESEND} until an answer comes from the endpoint or the
 * time is up. A domain the run just created boots for a while before its endpoint answers.
 */
final class MediaEndpointProbe {

    static final Duration RESEND = Duration.ofMillis(500);

    private MediaEndpointProbe() {
    }

    /** True when the endpoint answered within {@code timeout}. */
    static boolean answers(InetSocketAddress endpoint, Duration timeout) throws InterruptedException {
        ByteBuffer frame = ByteBuffer.allocate(RtpPacket.DATAGRAM_BYTES);
        RtpPacket.writeConstantParts(frame);
        RtpPacket.stamp(frame, 0, 0, 0x7e1f1e, 0, 0, System.nanoTime());
        byte[] datagram = frame.array();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] answer = new byte[RtpPacket.DATAGRAM_BYTES * 2];
            while (System.nanoTime() - deadline < 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while probing " + endpoint);
                }
                socket.send(new DatagramPacket(datagram, datagram.length, endpoint));
                long waitMillis = Math.max(1, Math.min(RESEND.toMillis(), (deadline - System.nanoTime()) / 1_000_000));
                socket.setSoTimeout((int) waitMillis);
                try {
                    DatagramPacket received = new DatagramPacket(answer, answer.length);
                    socket.receive(received);
                    if (endpoint.equals(received.getSocketAddress())) {
                        return true;
                    }
                } catch (SocketTimeoutException notYet) {
                    // sent again on the next turn: a booting guest drops what arrives before its endpoint is up
                }
            }
            return false;
        } catch (IOException socket) {
            throw new HostException("cannot probe the media endpoint " + endpoint + " from this machine: "
                    + socket.getMessage(), socket);
        }
    }
}
