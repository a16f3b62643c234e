package org.telvirt.workloads.media;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.telvirt.workloads.audio.DtmfDetector;
import org.telvirt.workloads.net.FlowSockets;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.rtp.RtpPacket;
import org.telvirt.workloads.work.MediaWork;

/**
 * The media server: one worker thread per vCPU of the Media VM. Each worker owns a listen socket bound to the same
 * port (SO_REUSEPORT, so the kernel spreads clients over the workers) and, for every client address it hears from,
 * a socket connected to that client ({@link FlowSockets}), which then receives that client's packets, in order, on the
 * same worker. Per packet it runs the calibrated media work and writes the packet back. The packet path reads and
 * writes connected sockets only and allocates nothing, so the server never stops for a collection while it
 * measures: Netty's epoll transport, used before, made an address object per datagram (recvmmsg returns each
 * sender's address), about 200 bytes a packet, and the serial collector's young pauses of 10-20 ms then showed in
 * the measured tail. Without a specific bind address there are no flow sockets (see {@link FlowSockets}) and every
 * packet is served from the listen sockets, which allocate an address per datagram whose sender differs from the last.
 * A worker drains every ready socket per wake-up.
 */
public final class MediaServer implements AutoCloseable {
    public static final String THREAD_PREFIX = "media-worker-";
    /** Larger than any packet we accept, so an oversized datagram shows as malformed, not truncated into shape. */
    private static final int MAX_DATAGRAM_BYTES = 2048;
    private static final int MAX_READS_PER_WAKEUP = 64;
    private static final long HOUSEKEEPING_MILLIS = 1_000;
    /** A client silent this long has gone (a run ended); its flow socket is closed. */
    private static final long FLOW_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Beyond this many flows a worker serves new clients from its listen socket. */
    private static final int MAX_FLOWS_PER_WORKER = 4096;

    private final InetSocketAddress requestedBind;
    private final int threads;
    private final MediaWork work;
    private final SocketBuffers buffers;
    private final LongAdder received = new LongAdder();
    private final LongAdder replied = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder tonesDetected = new LongAdder();
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running = true;
    private InetSocketAddress boundAddress;

    public MediaServer(InetSocketAddress bind, int threads, MediaWork work, int socketBufferBytes) {
        this(bind, threads, work, socketBufferBytes, System.err);
    }

    public MediaServer(InetSocketAddress bind, int threads, MediaWork work, int socketBufferBytes,
            PrintStream warnings) {
        this.requestedBind = bind;
        this.threads = threads;
        this.work = work;
        this.buffers = new SocketBuffers(socketBufferBytes, warnings);
    }

    public String transportName() {
        return boundAddress != null && boundAddress.getAddress().isAnyLocalAddress()
                ? "NIO, unconnected (a wildcard address has no flow sockets)"
                : "NIO, one connected socket per client";
    }

    public MediaServer start() throws IOException {
        try {
            InetSocketAddress address = requestedBind;
            for (int i = 0; i < threads; i++) {
                Worker worker = new Worker(i, address);
                workers.add(worker);
                address = (InetSocketAddress) worker.listen.getLocalAddress();
            }
            boundAddress = address;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        workers.forEach(worker -> worker.thread.start());
        return this;
    }

    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    public Stats stats() {
        return new Stats(received.sum(), replied.sum(), malformed.sum(), sendErrors.sum(), tonesDetected.sum());
    }

    @Override
    public void close() {
        running = false;
        for (Worker worker : workers) {
            worker.selector.wakeup();
            try {
                worker.thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker.closeAll();
        }
    }

    /** What the server did; printed as one JSON line when it stops. */
    public record Stats(long packetsReceived, long packetsReplied, long malformedReceived, long sendErrors,
            long tonesDetected) {
    }

    /** A client's connected socket on one worker. */
    private static final class Flow {
        final DatagramChannel channel;
        long lastActiveNanos;

        Flow(DatagramChannel channel) {
            this.channel = channel;
        }
    }

    /** One worker thread: its listen socket, the flows it opened, and its own DSP scratch space. */
    private final class Worker implements Runnable, Consumer<SelectionKey> {
        final Selector selector;
        final DatagramChannel listen;
        final Thread thread;
        final boolean opensFlows;
        final Map<SocketAddress, Flow> flows = new HashMap<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES + 1);
        final DtmfDetector detector = new DtmfDetector(RtpPacket.PAYLOAD_BYTES);
        final byte[] frame = new byte[RtpPacket.PAYLOAD_BYTES];
        long now;

        Worker(int index, InetSocketAddress bind) throws IOException {
            selector = Selector.open();
            listen = DatagramChannel.open(FlowSockets.familyOf(bind));
            try {
                listen.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                buffers.apply(listen);
                listen.bind(bind);
                listen.configureBlocking(false);
                listen.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                listen.close();
                selector.close();
                throw e;
            }
            opensFlows = !bind.getAddress().isAnyLocalAddress();
            thread = new Thread(this, THREAD_PREFIX + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long nextHousekeeping = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOUSEKEEPING_MILLIS);
            try {
                while (running) {
                    selector.select(this, HOUSEKEEPING_MILLIS);
                    if (System.nanoTime() >= nextHousekeeping) {
                        closeIdleFlows();
                        nextHousekeeping = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOUSEKEEPING_MILLIS);
                    }
                }
            } catch (IOException e) {
                if (running) {
                    System.err.println("media-server: worker stopped: " + e.getMessage());
                }
            }
        }

        @Override
        public void accept(SelectionKey key) {
            now = System.nanoTime();
            if (key.attachment() instanceof Flow flow) {
                flow.lastActiveNanos = now;
                drainFlow(flow);
            } else {
                drainListen();
            }
        }

        private void drainFlow(Flow flow) {
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                buffer.clear();
                try {
                    // receive, not read: read returns 0 for an empty datagram and for none alike; on a connected
                    // socket the JDK returns its cached peer address, so this allocates nothing
                    if (flow.channel.receive(buffer) == null) {
                        return;
                    }
                } catch (IOException e) {
                    // ICMP port unreachable for an earlier reply: the client went away.
                    sendErrors.increment();
                    continue;
                }
                if (serve()) {
                    reply(flow.channel, null);
                }
            }
        }

        private void drainListen() {
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                buffer.clear();
                SocketAddress client;
                try {
                    client = listen.receive(buffer);
                } catch (IOException e) {
                    sendErrors.increment();
                    continue;
                }
                if (client == null) {
                    return;
                }
                if (serve()) {
                    reply(listen, client);
                }
                if (opensFlows && !flows.containsKey(client) && flows.size() < MAX_FLOWS_PER_WORKER) {
                    openFlow((InetSocketAddress) client);
                }
            }
        }

        /** Counts and works on the datagram in {@code buffer}; false if it is not one of ours (it is dropped). */
        private boolean serve() {
            received.increment();
            if (!RtpPacket.isPcmuFrame(buffer, buffer.position())) {
                malformed.increment();
                return false;
            }
            buffer.get(RtpPacket.HEADER_BYTES, frame);
            if (work.apply(detector, frame, 0, frame.length) != DtmfDetector.NO_DIGIT) {
                tonesDetected.increment();
            }
            return true;
        }

        /** Sends {@code buffer} back: on a flow's connected socket ({@code client} null), or to {@code client}. */
        private void reply(DatagramChannel channel, SocketAddress client) {
            buffer.flip();
            try {
                int sent = client == null ? channel.write(buffer) : channel.send(buffer, client);
                if (sent > 0) {
                    replied.increment();
                } else {
                    // the socket's send buffer is full: the reply is dropped, as the kernel would drop it
                    sendErrors.increment();
                }
            } catch (IOException e) {
                sendErrors.increment();
            }
        }

        private void openFlow(InetSocketAddress client) {
            try {
                int port = ((InetSocketAddress) listen.getLocalAddress()).getPort();
                Flow flow = new Flow(FlowSockets.connectedTo(client, port, buffers));
                flow.lastActiveNanos = now;
                flow.channel.register(selector, SelectionKey.OP_READ, flow);
                flows.put(client, flow);
            } catch (IOException e) {
                buffers.warnOnce("media-server: cannot open a flow socket for " + client + " (its packets are served"
                        + " from the listen socket): " + e.getMessage());
            }
        }

        private void closeIdleFlows() {
            Iterator<Flow> open = flows.values().iterator();
            while (open.hasNext()) {
                Flow flow = open.next();
                if (System.nanoTime() - flow.lastActiveNanos > FLOW_IDLE_NANOS) {
                    open.remove();
                    closeQuietly(flow.channel);
                }
            }
        }

        void closeAll() {
            flows.values().forEach(flow -> closeQuietly(flow.channel));
            flows.clear();
            closeQuietly(listen);
            closeQuietly(selector);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing at shutdown or after an idle timeout: nothing left to save.
        }
    }
}
