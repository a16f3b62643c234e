package org.telvirt.workloads.relay;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.net.TimerSlack;
import org.telvirt.workloads.work.ChecksumWork;

/**
 * The Dom0 netback analogue: a UDP relay that all guest traffic crosses, so that starving Dom0's
 * CPU starves the guests' I/O as on Xen. It forwards NAT-style: each client address gets its own
 * flow with a back socket connected to the upstream, so the upstream sees the relay as its peer,
 * and a front socket bound to the listen address (SO_REUSEPORT) and connected to the client, so
 * the kernel demultiplexes the client's packets straight to its flow and replies leave from the
 * address the client sent to. Both sockets are made on a flow's first packet, never per packet;
 * the forwarding path reads and writes connected sockets only and allocates nothing. One caveat
 * of the JDK: {@code DatagramChannel.connect} discards whatever the socket received before it
 * returns, so a client datagram arriving in the few microseconds between the kernel's connect and
 * that flush is lost, uncounted, once per flow at most (at a flow's start, in a run's warm-up).
 *
 * <p>Optional coalescing stands for NIC interrupt coalescing (the paper's Figure 10): packets from
 * clients are held until the hold time has passed since the first held packet or the frame count
 * is reached, whichever comes first, then forwarded together. Java offers no recvmmsg/sendmmsg
 * without allocating per packet, so batching here means draining every ready socket per wake-up.
 */
public final class Relay implements AutoCloseable {
    public static final String THREAD_PREFIX = "relay-loop-";
    /** Larger datagrams are dropped as malformed, as a NIC drops frames over its MTU. */
    public static final int MAX_DATAGRAM_BYTES = 2048;
    private static final int MAX_READS_PER_WAKEUP = 64;
    private static final long HOUSEKEEPING_NANOS = 1_000_000_000;
    /** The last part of a hold is slept in steps of {@link #HOLD_STEP_NANOS}, checking for arrivals between them. */
    private static final long HOLD_FINE_NANOS = 100_000;
    private static final long HOLD_STEP_NANOS = 20_000;
    private static final long NANOS_PER_MILLI = 1_000_000;

    /** Hold packets from clients up to {@code holdNanos} or {@code frames} packets; frames 0 = forward at once. */
    public record Coalescing(long holdNanos, int frames) {
        public static final Coalescing NONE = new Coalescing(0, 0);

        public boolean enabled() {
            return frames > 0;
        }
    }

    /** How long {@link #closeWindow} waits for every event loop to close its flows. */
    private static final long FLOW_RESET_PATIENCE_NANOS = 2_000_000_000L;

    /** What the relay did; printed as one JSON line when it stops, and for each {@link #closeWindow window}. */
    public record Stats(int routes, long flows, long forwarded, long dropped, long malformedReceived) {
        /** What happened since {@code earlier}: every counter's difference, the routes as they are. */
        Stats since(Stats earlier) {
            return new Stats(routes, flows - earlier.flows, forwarded - earlier.forwarded, dropped - earlier.dropped,
                    malformedReceived - earlier.malformedReceived);
        }
    }

    private final List<Route> routes;
    private final int threads;
    private final Coalescing coalescing;
    private final SocketBuffers buffers;
    private final int maxFlowsPerThread;
    private final long flowIdleNanos;
    private final PrintStream warnings;
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder flowsOpened = new LongAdder();
    private final List<EventLoop> loops = new ArrayList<>();
    private ChecksumWork perPacketWork = ChecksumWork.calibrate(0);
    private final List<InetSocketAddress> listenAddresses = new ArrayList<>();
    private volatile boolean running = true;
    /** How many flow resets were asked for; each loop closes its flows when its own count is behind. */
    private volatile long flowResetsAsked;
    private Stats windowStart = new Stats(0, 0, 0, 0, 0);

    public Relay(List<Route> routes, int threads, Coalescing coalescing, int socketBufferBytes, int maxFlows,
            long flowIdleNanos, PrintStream warnings) {
        this.routes = List.copyOf(routes);
        this.threads = threads;
        this.coalescing = coalescing;
        this.buffers = new SocketBuffers(socketBufferBytes, warnings);
        this.maxFlowsPerThread = Math.max(1, maxFlows / threads);
        this.flowIdleNanos = flowIdleNanos;
        this.warnings = warnings;
    }

    /** CPU work for every forwarded datagram, standing for netback's per-packet cost; set before {@link #start}. */
    public Relay withPerPacketWork(ChecksumWork work) {
        this.perPacketWork = work;
        return this;
    }

    /** Binds every route's listen address (a port 0 becomes a free port, the same for all threads) and starts the loops. */
    public Relay start() throws IOException {
        try {
            for (int t = 0; t < threads; t++) {
                loops.add(new EventLoop(t));
            }
            for (Route route : routes) {
                InetSocketAddress address = route.listen();
                for (EventLoop loop : loops) {
                    address = loop.listen(new Route(address, route.upstream()));
                }
                listenAddresses.add(address);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IOException("cannot listen on " + routes + ": " + e.getMessage(), e);
        }
        for (EventLoop loop : loops) {
            loop.thread.start();
        }
        return this;
    }

    /** The bound listen address of each route, in the order of the routes. */
    public List<InetSocketAddress> listenAddresses() {
        return List.copyOf(listenAddresses);
    }

    public Stats stats() {
        return new Stats(routes.size(), flowsOpened.sum(), forwarded.sum(), dropped.sum(), malformed.sum());
    }

    /**
     * Ends a measured window: closes every client flow (the next window's clients open their own, and a finished
     * client's flows would otherwise keep two sockets each until they expire) and returns what the relay did since
     * the last window ended, or since it started. Call it while no client sends: a datagram arriving as its flow
     * closes is lost.
     */
    public synchronized Stats closeWindow() throws InterruptedException {
        long asked = ++flowResetsAsked;
        for (EventLoop loop : loops) {
            loop.selector.wakeup();
        }
        long deadline = System.nanoTime() + FLOW_RESET_PATIENCE_NANOS;
        for (EventLoop loop : loops) {
            while (loop.flowResetsDone < asked && loop.thread.isAlive()) {
                if (System.nanoTime() > deadline) {
                    warnings.println("relay: " + loop.thread.getName() + " did not close its flows within "
                            + FLOW_RESET_PATIENCE_NANOS / 1_000_000 + " ms");
                    break;
                }
                Thread.sleep(1);
            }
        }
        Stats now = stats();
        Stats window = now.since(windowStart);
        windowStart = now;
        return window;
    }

    @Override
    public void close() {
        running = false;
        for (EventLoop loop : loops) {
            loop.selector.wakeup();
        }
        for (EventLoop loop : loops) {
            if (loop.thread.isAlive()) {
                try {
                    loop.thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            loop.closeAll();
        }
    }

    private static InetAddress wildcard(InetSocketAddress like) throws IOException {
        return InetAddress.getByName(like.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
    }

    private static StandardProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** A client's flow: the two connected sockets and their two directions. */
    private static final class Flow {
        final InetSocketAddress client;
        final DatagramChannel front;
        final DatagramChannel back;
        final Leg fromClient;
        final Leg fromUpstream;
        long lastActiveNanos;

        Flow(InetSocketAddress client, DatagramChannel front, DatagramChannel back) {
            this.client = client;
            this.front = front;
            this.back = back;
            this.fromClient = new Leg(front, back, true, this);
            this.fromUpstream = new Leg(back, front, false, this);
        }
    }

    /** One direction of a flow: read {@code from}, write {@code to}. */
    private record Leg(DatagramChannel from, DatagramChannel to, boolean fromClient, Flow flow) {
    }

    /** A route's unconnected listen socket: only a flow's first packets arrive here. */
    private record ListenSocket(Route route, DatagramChannel channel, Map<SocketAddress, Flow> flows) {
    }

    /** One relay thread: its own listen sockets (SO_REUSEPORT), the flows they created, and its hold queue. */
    private final class EventLoop implements Runnable, Consumer<SelectionKey> {
        final Selector selector;
        final Thread thread;
        final List<ListenSocket> listenSockets = new ArrayList<>();
        final ByteBuffer scratch = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES + 1);
        final ByteBuffer[] heldFrames;
        final DatagramChannel[] heldDestinations;
        int held;
        long holdDeadlineNanos;
        long now;
        int flowCount;
        volatile long flowResetsDone;
        /** Keeps the per-packet work's result observable, so the JIT must compute it. */
        int workResult;

        EventLoop(int index) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, THREAD_PREFIX + index);
            thread.setDaemon(true);
            int holdCapacity = Math.max(1, coalescing.frames());
            heldFrames = new ByteBuffer[holdCapacity];
            heldDestinations = new DatagramChannel[holdCapacity];
            for (int i = 0; i < holdCapacity; i++) {
                heldFrames[i] = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES + 1);
            }
        }

        InetSocketAddress listen(Route route) throws IOException {
            DatagramChannel channel = DatagramChannel.open(familyOf(route.listen()));
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            buffers.apply(channel);
            channel.bind(route.listen());
            channel.configureBlocking(false);
            ListenSocket socket = new ListenSocket(route, channel, new HashMap<>());
            listenSockets.add(socket);
            channel.register(selector, SelectionKey.OP_READ, socket);
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void run() {
            if (coalescing.enabled()) {
                TimerSlack.tightenForCurrentThread();
            }
            long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
            try {
                while (running) {
                    if (held == 0) {
                        selector.select(this, HOUSEKEEPING_NANOS / 1_000_000);
                    } else {
                        awaitHoldDeadline();
                    }
                    if (flowResetsDone < flowResetsAsked) {
                        long asked = flowResetsAsked;
                        closeFlows();
                        flowResetsDone = asked;
                    }
                    if (System.nanoTime() >= nextHousekeeping) {
                        expireIdleFlows();
                        nextHousekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
                    }
                }
            } catch (IOException e) {
                warnings.println("relay: event loop stopped: " + e.getMessage());
            }
        }

        /**
         * While packets are held: keep taking arrivals (the frame count may release them) and forward
         * everything once the hold time is over. A long hold sleeps in select, which wakes for an arrival
         * but counts in milliseconds; the rest is slept in short steps (with the thread's timer slack
         * tightened), never spun: a NIC holds frames without the CPU, and a spinning relay would charge
         * Dom0 for every hold (at 6,000 packets/s, 40 us holds spun cost a quarter of a CPU).
         */
        private void awaitHoldDeadline() throws IOException {
            long remaining = holdDeadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                flushHeld();
            } else if (remaining > NANOS_PER_MILLI + HOLD_FINE_NANOS) {
                selector.select(this, (remaining - HOLD_FINE_NANOS) / NANOS_PER_MILLI);
            } else {
                selector.selectNow(this);
                if (held > 0) {
                    LockSupport.parkNanos(Math.min(remaining, HOLD_STEP_NANOS));
                }
            }
        }

        @Override
        public void accept(SelectionKey key) {
            now = System.nanoTime();
            Object attachment = key.attachment();
            if (attachment instanceof Leg leg) {
                leg.flow.lastActiveNanos = now;
                drain(leg);
            } else {
                drainListen((ListenSocket) attachment);
            }
        }

        private void drain(Leg leg) {
            boolean hold = coalescing.enabled() && leg.fromClient;
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                ByteBuffer buffer = hold ? heldFrames[held] : scratch;
                buffer.clear();
                SocketAddress sender;
                try {
                    // receive, not read: read returns 0 for an empty datagram and for none alike
                    sender = leg.from.receive(buffer);
                } catch (IOException e) {
                    // An ICMP error for an earlier datagram of this flow: that one was lost.
                    dropped.increment();
                    continue;
                }
                if (sender == null) {
                    return;
                }
                pass(buffer, leg.to, hold);
            }
        }

        private void drainListen(ListenSocket socket) {
            boolean hold = coalescing.enabled();
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                ByteBuffer buffer = hold ? heldFrames[held] : scratch;
                buffer.clear();
                SocketAddress client;
                try {
                    client = socket.channel.receive(buffer);
                } catch (IOException e) {
                    dropped.increment();
                    continue;
                }
                if (client == null) {
                    return;
                }
                fromClient(socket, client, buffer, hold);
            }
        }

        /** A datagram from {@code client} that came through the listen socket: find or make its flow. */
        private void fromClient(ListenSocket socket, SocketAddress client, ByteBuffer buffer, boolean hold) {
            Flow flow = socket.flows.get(client);
            if (flow == null) {
                flow = openFlow(socket, (InetSocketAddress) client);
                if (flow == null) {
                    dropped.increment();
                    return;
                }
            }
            flow.lastActiveNanos = now;
            pass(buffer, flow.back, hold);
        }

        /** Forwards (or holds) the datagram just read into {@code buffer}. */
        private void pass(ByteBuffer buffer, DatagramChannel to, boolean hold) {
            // Empty datagrams count as malformed: NIO cannot send them.
            if (buffer.position() > MAX_DATAGRAM_BYTES || buffer.position() == 0) {
                malformed.increment();
                return;
            }
            buffer.flip();
            if (!hold) {
                send(buffer, to);
                return;
            }
            heldDestinations[held] = to;
            if (held++ == 0) {
                holdDeadlineNanos = now + coalescing.holdNanos();
            }
            if (held == heldFrames.length) {
                flushHeld();
            }
        }

        private void flushHeld() {
            for (int i = 0; i < held; i++) {
                send(heldFrames[i], heldDestinations[i]);
                heldDestinations[i] = null;
            }
            held = 0;
        }

        private void send(ByteBuffer datagram, DatagramChannel to) {
            workResult += perPacketWork.apply(datagram);
            try {
                if (to.write(datagram) > 0) {
                    forwarded.increment();
                } else {
                    dropped.increment();
                }
            } catch (IOException e) {
                dropped.increment();
            }
        }

        private Flow openFlow(ListenSocket socket, InetSocketAddress client) {
            if (flowCount >= maxFlowsPerThread) {
                buffers.warnOnce("relay: flow limit reached, dropping packets of new clients such as " + client);
                return null;
            }
            DatagramChannel back = null;
            DatagramChannel front = null;
            try {
                InetSocketAddress upstream = socket.route.upstream();
                back = DatagramChannel.open(familyOf(upstream));
                buffers.apply(back);
                back.connect(upstream);
                back.configureBlocking(false);
                front = DatagramChannel.open(familyOf(client));
                front.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                buffers.apply(front);
                // The wildcard address on the listen port: until connect() the kernel prefers the
                // listen socket (bound to the specific address) for every client, so nothing lands
                // here; connect() rehashes this socket under the specific address, where its exact
                // match wins. The JDK's connect() discards what a socket received before it returns:
                // a client datagram arriving in those microseconds is lost (see the class comment).
                int listenPort = ((InetSocketAddress) socket.channel.getLocalAddress()).getPort();
                front.bind(new InetSocketAddress(wildcard(client), listenPort));
                front.connect(client);
                front.configureBlocking(false);
                Flow flow = new Flow(client, front, back);
                front.register(selector, SelectionKey.OP_READ, flow.fromClient);
                back.register(selector, SelectionKey.OP_READ, flow.fromUpstream);
                socket.flows.put(client, flow);
                flowCount++;
                flowsOpened.increment();
                return flow;
            } catch (IOException e) {
                warnings.println("relay: cannot open a flow for " + client + ": " + e.getMessage());
                closeQuietly(front);
                closeQuietly(back);
                return null;
            }
        }

        private void expireIdleFlows() {
            long current = System.nanoTime();
            for (ListenSocket socket : listenSockets) {
                Iterator<Flow> flows = socket.flows.values().iterator();
                while (flows.hasNext()) {
                    Flow flow = flows.next();
                    if (current - flow.lastActiveNanos > flowIdleNanos) {
                        flows.remove();
                        closeFlow(flow);
                        flowCount--;
                    }
                }
            }
        }

        private void closeFlow(Flow flow) {
            if (held > 0) {
                flushHeld();
            }
            closeQuietly(flow.front);
            closeQuietly(flow.back);
        }

        void closeFlows() {
            for (ListenSocket socket : listenSockets) {
                socket.flows.values().forEach(this::closeFlow);
                socket.flows.clear();
            }
            flowCount = 0;
        }

        void closeAll() {
            closeFlows();
            for (ListenSocket socket : listenSockets) {
                closeQuietly(socket.channel);
            }
            closeQuietly(selector);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Tearing down: the socket is gone either way.
        }
    }
}
