package org.telvirt.workloads.fuzz;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.telvirt.workloads.rtp.RtpPacket;

/**
 * Sits on the wire between the RTP client and the relay, forwarding every datagram both ways
 * unchanged, and lets the test slip datagrams to a client socket from the very address that socket
 * is connected to: the only way anything reaches a connected UDP socket. Each client socket gets
 * its own upstream socket, so the relay still sees one flow per client socket. It keeps the
 * echoes it passed back, so a test can replay them to the socket they were meant for.
 */
final class ManInTheMiddle implements AutoCloseable {
    /** An echo on its way back to the client socket it belongs to. */
    record Echo(InetSocketAddress client, ByteBuffer packet) {
    }

    private final DatagramChannel front;
    private final InetSocketAddress upstream;
    private final Map<SocketAddress, DatagramChannel> backs = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Echo> echoes = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    ManInTheMiddle(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        start(this::forwardFromClients, "mitm-front");
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    /** Every echo passed back so far whose packet was sent at or after {@code fromNanos} of its schedule. */
    List<Echo> echoesSentFrom(long fromNanos) {
        List<Echo> measured = new ArrayList<>();
        for (Echo echo : echoes) {
            if (RtpPacket.intendedSendNanos(echo.packet()) >= fromNanos) {
                measured.add(echo);
            }
        }
        return measured;
    }

    /** Sends a datagram to a client socket from the address it is connected to. */
    void toClient(InetSocketAddress client, byte[] datagram) throws IOException {
        front.send(ByteBuffer.wrap(datagram), client);
    }

    private void forwardFromClients() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try {
            while (running) {
                buffer.clear();
                SocketAddress client = front.receive(buffer);
                buffer.flip();
                backs.computeIfAbsent(client, this::openBack).write(buffer);
            }
        } catch (IOException closed) {
            // stopping
        }
    }

    private DatagramChannel openBack(SocketAddress client) {
        try {
            DatagramChannel back = DatagramChannel.open().connect(upstream);
            start(() -> forwardToClient(back, (InetSocketAddress) client), "mitm-back-" + client);
            return back;
        } catch (IOException failed) {
            throw new IllegalStateException("cannot open an upstream socket for " + client, failed);
        }
    }

    private void forwardToClient(DatagramChannel back, InetSocketAddress client) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try {
            while (running) {
                buffer.clear();
                back.read(buffer);
                buffer.flip();
                if (buffer.limit() == RtpPacket.DATAGRAM_BYTES && echoes.size() < 100_000) {
                    echoes.add(new Echo(client, ByteBuffer.allocate(buffer.limit()).put(buffer.duplicate()).flip()));
                }
                front.send(buffer, client);
            }
        } catch (AsynchronousCloseException closed) {
            // stopping
        } catch (IOException unreachable) {
            // the client's socket is gone: its run is over
        }
    }

    private void start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        front.close();
        for (DatagramChannel back : backs.values()) {
            back.close();
        }
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}
