package org.telvirt.workloads.rtp;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.telvirt.workloads.net.RealTimeThreads;
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.net.TimerSlack;

/**
 * The RTP load generator and measurer. One sender thread follows the schedule ({@link
 * SendSchedule}) and, by default, also reads the echoed packets back between sends, polling while
 * it waits for the next packet, so no thread has to be woken per arrival and arrival times are
 * exact; optionally, dedicated receive threads read them instead. Streams are spread over a few
 * connected sockets. The calling thread reports once a second and writes the {@code .hlog}.
 * Delay is measured from each packet's intended send time, so a stalled sender shows up as delay
 * (no coordinated omission). Sent and lost are also kept per second of intended send time, for
 * judging runs second by second (the summary's {@code seconds}). Packets sent during the warm-up are excluded from every figure; the
 * receivers keep listening for a drain period after the last send before anything counts as lost,
 * or until every measured packet is back, whichever comes first.
 * The send and receive loops allocate nothing per packet.
 */
public final class RtpClient {
    public static final String SENDER_THREAD = "rtp-sender";
    /** HotSpot's name for the thread that runs safepoint operations. */
    private static final String VM_THREAD = "VM Thread";
    public static final String RECEIVER_THREAD_PREFIX = "rtp-receiver-";
    /**
     * Enough sockets that the kernel's SO_REUSEPORT hash spreads them evenly over the media
     * server's workers: with 2 workers, 4 sockets all land on one worker one time in eight, and
     * 16 sockets still often split 11 to 5 (one worker at twice the other's load).
     */
    public static final int DEFAULT_SOCKETS = 64;

    /**
     * Sleep until this long before a packet is due, then spin: a sleeping thread wakes up to ~100 us
     * late on a busy VM, and each sleep costs tens of microseconds of CPU, more than a short spin.
     */
    public static final long DEFAULT_SPIN_NANOS = 50_000;
    /**
     * While spinning with more than this to go, yield the core: the media server's workers, woken by
     * our packets, then run at once instead of after the spinner's time slice. (A yield costs nothing
     * when no other thread waits for the core, and only defers this thread to the threads of its
     * own program and scheduling group.)
     */
    private static final long YIELD_MIN_NANOS = 10_000;
    private static final long START_DELAY_NANOS = 100_000_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000;
    /** How often the drain looks whether every measured packet is back. */
    private static final long DRAIN_CHECK_NANOS = 10_000_000;
    private static final int RECEIVE_BUFFER_BYTES = 2048;
    private static final int MAX_READS_PER_WAKEUP = 64;
    private static final long SELECT_TIMEOUT_MILLIS = 100;

    /**
     * What to run. {@code bind} may be null (any local address); its port, if not 0, is the first of consecutive ports.
     * {@code spinNanos} is how long before a packet is due the sender stops sleeping and spins; 0 never spins (a
     * client sharing its CPUs with the host it measures must not burn them), which needs receive threads.
     */
    public record Options(InetSocketAddress server, int streams, Duration duration, Duration warmup, Duration drain,
            InetSocketAddress bind, int sockets, int receiveThreads, int socketBufferBytes, long spinNanos,
            int realTimePriority) {
        public Options {
            if (streams < 1 || sockets < 1 || receiveThreads < 0 || receiveThreads > sockets) {
                throw new IllegalArgumentException("need streams >= 1 and 0 <= receiveThreads <= sockets, got streams "
                        + streams + ", sockets " + sockets + ", receiveThreads " + receiveThreads);
            }
            if (realTimePriority < 0 || realTimePriority > RealTimeThreads.MAX_PRIORITY) {
                throw new IllegalArgumentException("realTimePriority must be 0 (normal) to " + RealTimeThreads.MAX_PRIORITY
                        + ", got " + realTimePriority);
            }
            if (spinNanos < 0 || spinNanos == 0 && receiveThreads == 0) {
                throw new IllegalArgumentException("spinNanos must be positive, or 0 with receive threads; got "
                        + spinNanos + " with " + receiveThreads + " receive threads");
            }
        }

        public Options(InetSocketAddress server, int streams, Duration duration, Duration warmup, Duration drain,
                InetSocketAddress bind, int sockets, int receiveThreads, int socketBufferBytes) {
            this(server, streams, duration, warmup, drain, bind, sockets, receiveThreads, socketBufferBytes,
                    DEFAULT_SPIN_NANOS);
        }

        /** At normal priority. */
        public Options(InetSocketAddress server, int streams, Duration duration, Duration warmup, Duration drain,
                InetSocketAddress bind, int sockets, int receiveThreads, int socketBufferBytes, long spinNanos) {
            this(server, streams, duration, warmup, drain, bind, sockets, receiveThreads, socketBufferBytes, spinNanos,
                    0);
        }
    }

    private final Options options;
    private final PrintStream progress;
    private final SendSchedule schedule;
    private final StreamIdentities identities;
    private final ReceptionLedger ledger;
    private final long[] sent;
    /** Each stream's first packet past the warm-up: where its loss accounting starts. */
    private final long[] firstMeasuredPacket;
    /** Sockets that carry streams: never more than the streams. */
    private final int socketCount;
    private final int receiveThreads;
    private final long warmupNanos;
    private final long endNanos;
    private final AtomicLongArray sentBySecond;
    private final AtomicLongArray receivedBySecond;
    private final AtomicLong sentTotal = new AtomicLong();
    private final LongAdder echoedTotal = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final Recorder delayRecorder =
            new Recorder(RunHistograms.HIGHEST_TRACKABLE_MICROS, RunHistograms.SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder latenessRecorder =
            new SingleWriterRecorder(RunHistograms.HIGHEST_TRACKABLE_MICROS, RunHistograms.SIGNIFICANT_DIGITS);
    private final List<ClientSocket> sockets = new ArrayList<>();
    private Histogram spareDelayInterval;
    private Histogram spareLatenessInterval;
    private volatile boolean receiving = true;
    private volatile boolean sendingDone;
    private volatile Throwable threadFailure;
    private long runStartNanos;

    public RtpClient(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        schedule = new SendSchedule(options.streams());
        identities = new StreamIdentities(options.streams(), ThreadLocalRandom.current().nextLong());
        ledger = new ReceptionLedger(options.streams());
        sent = new long[options.streams()];
        socketCount = Math.min(options.sockets(), options.streams());
        receiveThreads = Math.min(options.receiveThreads(), socketCount);
        warmupNanos = options.warmup().toNanos();
        firstMeasuredPacket = new long[options.streams()];
        for (int stream = 0; stream < options.streams(); stream++) {
            firstMeasuredPacket[stream] = schedule.firstPacketAtOrAfter(stream, warmupNanos);
            ledger.startAt(stream, firstMeasuredPacket[stream]);
        }
        endNanos = warmupNanos + options.duration().toNanos();
        int seconds = (int) ((endNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND) + 1;
        sentBySecond = new AtomicLongArray(seconds);
        receivedBySecond = new AtomicLongArray(seconds);
    }

    /** Runs the whole schedule and drain; writes the {@code .hlog} if {@code histogramLog} is not null. */
    public RunSummary run(Path histogramLog) throws IOException, InterruptedException {
        return run(histogramLog, null);
    }

    /**
     * As {@link #run(Path)}, with the first send at the wall-clock instant {@code startAt} (null: as
     * soon as the sockets are open), so generators on several hosts keep one schedule. A start
     * that has already passed once the sockets are open is an error, not a late start: a generator
     * running behind the others would load the server unlike the schedule says.
     */
    public RunSummary run(Path histogramLog, Instant startAt) throws IOException, InterruptedException {
        return run(histogramLog, startAt, false);
    }

    /**
     * As {@link #run(Path, Instant)}; with {@code lateStartAllowed} a start that has passed once the sockets are open
     * is a start at once: for a lone client whose owner lets its host settle while the client starts up.
     */
    public RunSummary run(Path histogramLog, Instant startAt, boolean lateStartAllowed)
            throws IOException, InterruptedException {
        try (HistogramLogOutput log = new HistogramLogOutput(histogramLog)) {
            // Intervals start now, not before the log's start time, where HistogramLogProcessor would skip them.
            delayRecorder.reset();
            latenessRecorder.reset();
            openSockets();
            runStartNanos = System.nanoTime() + startDelayNanos(startAt, lateStartAllowed);
            List<Thread> receivers = startReceivers();
            Thread sender = newThread(this::sendLoop, SENDER_THREAD);
            sender.start();
            if (options.realTimePriority() > 0) {
                RealTimeThreads.raise(hotThreadNames(), options.realTimePriority());
            }
            RunHistograms totals = report(log);
            receiving = false;
            for (ClientSocket socket : sockets) {
                socket.selector.wakeup();
            }
            sender.join();
            for (Thread receiver : receivers) {
                receiver.join();
            }
            takeInterval(totals, log);
            if (threadFailure != null) {
                throw new IOException("the run failed: " + threadFailure.getMessage(), threadFailure);
            }
            return summarize(totals);
        } finally {
            closeSockets();
        }
    }

    /**
     * The sender and receive threads, and HotSpot's VM thread: a safepoint stops the hot threads until the VM thread has
     * run its operation (the serial collector collects in it), so at normal priority, behind the domains' CPU hogs,
     * it would hold a real-time sender for tens of milliseconds.
     */
    private Set<String> hotThreadNames() {
        Set<String> names = new HashSet<>();
        names.add(VM_THREAD);
        names.add(SENDER_THREAD);
        for (int i = 0; i < receiveThreads; i++) {
            names.add(RECEIVER_THREAD_PREFIX + i);
        }
        return names;
    }

    private static long startDelayNanos(Instant startAt, boolean lateStartAllowed) throws IOException {
        if (startAt == null) {
            return START_DELAY_NANOS;
        }
        long delayNanos = Duration.between(Instant.now(), startAt).toNanos();
        if (delayNanos < START_DELAY_NANOS && lateStartAllowed) {
            return START_DELAY_NANOS;
        }
        if (delayNanos < 0) {
            throw new IOException("the start time " + startAt + " passed " + (-delayNanos / 1_000_000)
                    + " ms before the client was ready to send");
        }
        return delayNanos;
    }

    private void openSockets() throws IOException {
        SocketBuffers buffers = new SocketBuffers(options.socketBufferBytes(), progress == null ? System.err : progress);
        InetSocketAddress server = options.server();
        StandardProtocolFamily family = server.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        List<Selector> selectors = new ArrayList<>();
        try {
            for (int t = 0; t < Math.max(1, receiveThreads); t++) {
                selectors.add(Selector.open());
            }
            for (int i = 0; i < socketCount; i++) {
                DatagramChannel channel = DatagramChannel.open(family);
                ClientSocket socket = new ClientSocket(i, channel, selectors.get(i % selectors.size()));
                sockets.add(socket);
                buffers.apply(channel);
                InetSocketAddress bind = options.bind();
                if (bind != null) {
                    channel.bind(bind.getPort() == 0 ? bind : new InetSocketAddress(bind.getAddress(), bind.getPort() + i));
                }
                channel.connect(server);
                channel.configureBlocking(false);
                channel.register(socket.selector, SelectionKey.OP_READ, socket);
            }
        } catch (IOException | RuntimeException e) {
            closeSockets();
            selectors.forEach(RtpClient::closeQuietly);
            throw new IOException("cannot open the client's sockets towards " + server + ": " + e.getMessage(), e);
        }
    }

    private List<Thread> startReceivers() {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < receiveThreads; t++) {
            Selector selector = sockets.get(t).selector;
            Thread thread = newThread(new Receiver(selector), RECEIVER_THREAD_PREFIX + t);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    /** A daemon thread whose failure ends the run with an error instead of vanishing. */
    private Thread newThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((failed, exception) -> threadFailure = exception);
        return thread;
    }

    private void sendLoop() {
        TimerSlack.tightenForCurrentThread();
        ByteBuffer packet = ByteBuffer.allocateDirect(RtpPacket.DATAGRAM_BYTES);
        RtpPacket.writeConstantParts(packet);
        long firstMeasuredSlot = schedule.firstSlotAtOrAfter(warmupNanos);
        long endSlot = schedule.firstSlotAtOrAfter(endNanos);
        Receiver inline = receiveThreads == 0 ? new Receiver(sockets.get(0).selector) : null;
        long slot = 0;
        while (slot < endSlot) {
            long intended = schedule.slotNanos(slot);
            long due = runStartNanos + intended;
            long now = awaitDue(due, inline);
            int stream = schedule.streamOfSlot(slot);
            long index = schedule.packetIndexOfSlot(slot);
            RtpPacket.stamp(packet, identities.sequence(stream, index), identities.timestamp(stream, index),
                    identities.ssrc(stream), stream, (int) index, intended);
            send(sockets.get(stream % sockets.size()).channel, packet);
            if (slot >= firstMeasuredSlot) {
                latenessRecorder.recordValue(RunHistograms.clampMicros(SendSchedule.delayMicros(due, now)));
                sent[stream]++;
                sentBySecond.incrementAndGet((int) (intended / NANOS_PER_SECOND));
            }
            sentTotal.lazySet(sentTotal.get() + 1);
            slot++;
        }
        sendingDone = true;
        if (inline != null) {
            inline.run();
        }
    }

    /**
     * Waits for the moment a packet is due and returns the time then. Sleeping and waking costs tens
     * of microseconds here (more in a VM), so the last {@link Options#spinNanos()} are spun. A thread that
     * also receives polls its sockets while it spins and sleeps only in {@code select}, which wakes
     * for an arriving packet, so arrival times stay exact.
     */
    private long awaitDue(long due, Receiver inline) {
        long now = System.nanoTime();
        while (now < due) {
            long wait = due - now;
            if (inline != null) {
                long sleepMillis = (wait - options.spinNanos()) / 1_000_000;
                if (sleepMillis > 0) {
                    inline.select(sleepMillis);
                } else {
                    inline.selectNow();
                    if (wait > YIELD_MIN_NANOS) {
                        Thread.yield();
                    }
                }
            } else if (wait > options.spinNanos()) {
                LockSupport.parkNanos(wait - options.spinNanos());
            } else {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
        return now;
    }

    /** Sends one datagram; a full socket buffer is waited out (it shows as lateness), an ICMP error is counted. */
    private void send(DatagramChannel channel, ByteBuffer packet) {
        try {
            while (channel.write(packet) == 0) {
                Thread.onSpinWait();
                packet.position(0);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("client socket closed while sending", e);
        } catch (IOException e) {
            sendErrors.increment();
        }
    }

    /** Reads and books echoed packets of the sockets registered with its selector. */
    private final class Receiver implements Runnable, Consumer<SelectionKey> {
        private final Selector selector;

        Receiver(Selector selector) {
            this.selector = selector;
        }

        @Override
        public void run() {
            while (receiving) {
                select(SELECT_TIMEOUT_MILLIS);
            }
        }

        void select(long timeoutMillis) {
            try {
                selector.select(this, timeoutMillis);
            } catch (IOException e) {
                throw new IllegalStateException("receive loop failed", e);
            }
        }

        void selectNow() {
            try {
                selector.selectNow(this);
            } catch (IOException e) {
                throw new IllegalStateException("receive loop failed", e);
            }
        }

        @Override
        public void accept(SelectionKey key) {
            ClientSocket socket = (ClientSocket) key.attachment();
            ByteBuffer buffer = socket.receiveBuffer;
            for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
                buffer.clear();
                try {
                    // receive(), not read(): read() returns 0 for an empty datagram as for none, so an empty
                    // one would go uncounted; the JDK caches the sender's address, so this allocates nothing
                    if (socket.channel.receive(buffer) == null) {
                        return;
                    }
                } catch (IOException e) {
                    // ICMP port unreachable from an earlier send: the server is not (yet) there.
                    sendErrors.increment();
                    continue;
                }
                onDatagram(socket, buffer, buffer.position(), System.nanoTime());
            }
        }
    }

    /** Validates and books one received datagram; anything not a packet of this run is malformed. */
    void onDatagram(ClientSocket socket, ByteBuffer buffer, int length, long arrivalNanos) {
        if (!RtpPacket.isPcmuFrame(buffer, length) || RtpPacket.magic(buffer) != RtpPacket.MAGIC) {
            socket.malformed++;
            return;
        }
        int stream = RtpPacket.streamId(buffer);
        int index = RtpPacket.packetIndex(buffer);
        if (stream < 0 || stream >= schedule.streams() || stream % sockets.size() != socket.index || index < 0
                || RtpPacket.ssrc(buffer) != identities.ssrc(stream)
                || RtpPacket.sequence(buffer) != identities.sequence(stream, index)
                || RtpPacket.timestamp(buffer) != identities.timestamp(stream, index)) {
            socket.malformed++;
            return;
        }
        long intended = RtpPacket.intendedSendNanos(buffer);
        if (intended != schedule.intendedNanos(stream, index) || runStartNanos + intended > arrivalNanos) {
            socket.malformed++;
            return;
        }
        echoedTotal.increment();
        if (intended < warmupNanos) {
            return;
        }
        int outcome = ledger.accept(stream, index);
        if (outcome == ReceptionLedger.DUPLICATE || outcome == ReceptionLedger.TOO_LATE) {
            return;
        }
        delayRecorder.recordValue(
                RunHistograms.clampMicros(SendSchedule.delayMicros(runStartNanos + intended, arrivalNanos)));
        ledger.recordTransit(stream, arrivalNanos - runStartNanos - identities.mediaNanos(stream, RtpPacket.timestamp(buffer)));
        receivedBySecond.incrementAndGet((int) (intended / NANOS_PER_SECOND));
    }

    /**
     * Once a second: an interval into the log and a progress line; returns when the drain is over, which is as soon as
     * every measured packet is back (a run without loss need not wait out the drain).
     */
    private RunHistograms report(HistogramLogOutput log) {
        RunHistograms totals = RunHistograms.empty();
        long drainStart = runStartNanos + endNanos;
        long drainEnd = drainStart + options.drain().toNanos();
        long lastSent = 0;
        long lastEchoed = 0;
        for (long tick = 1; ; tick++) {
            long until = Math.min(runStartNanos + tick * NANOS_PER_SECOND, drainEnd);
            boolean allBack = sleepUntil(until, drainStart);
            // the first interval ends a whole second after the warm-up, so every interval is a measured second or
            // the drain's: a sliver ending at the warm-up's end would shift the log's seconds against the summary's
            if (tick * NANOS_PER_SECOND > warmupNanos) {
                takeInterval(totals, log);
            }
            long sentNow = sentTotal.get();
            long echoedNow = echoedTotal.sum();
            printProgress(tick, sentNow - lastSent, echoedNow - lastEchoed);
            lastSent = sentNow;
            lastEchoed = echoedNow;
            if (allBack || until == drainEnd) {
                return totals;
            }
        }
    }

    /** Sleeps until {@code until}; from {@code drainStart} on, returns true early once every measured packet is back. */
    private boolean sleepUntil(long until, long drainStart) {
        for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
            if (now < drainStart) {
                LockSupport.parkNanos(Math.min(until, drainStart) - now);
            } else if (everyMeasuredPacketBack()) {
                return true;
            } else {
                LockSupport.parkNanos(Math.min(until - now, DRAIN_CHECK_NANOS));
            }
        }
        return until > drainStart && everyMeasuredPacketBack();
    }

    private boolean everyMeasuredPacketBack() {
        if (!sendingDone) {
            return false;
        }
        long outstanding = 0;
        for (int second = 0; second < sentBySecond.length(); second++) {
            outstanding += sentBySecond.get(second) - receivedBySecond.get(second);
        }
        return outstanding == 0;
    }

    private void takeInterval(RunHistograms totals, HistogramLogOutput log) {
        spareDelayInterval = delayRecorder.getIntervalHistogram(spareDelayInterval);
        spareLatenessInterval = latenessRecorder.getIntervalHistogram(spareLatenessInterval);
        totals.delayMicros().add(spareDelayInterval);
        totals.sendLatenessMicros().add(spareLatenessInterval);
        log.write(spareDelayInterval, spareLatenessInterval);
    }

    private void printProgress(long elapsedSeconds, long sentInSecond, long echoedInSecond) {
        if (progress == null) {
            return;
        }
        long elapsedNanos = elapsedSeconds * NANOS_PER_SECOND;
        String phase = elapsedNanos <= warmupNanos ? "warm-up" : elapsedNanos <= endNanos ? "measuring" : "draining";
        // Loss so far counts only packets meant to leave at least one second ago: the rest may be in flight.
        int settledSeconds = (int) Math.min(sentBySecond.length(), Math.max(0, elapsedSeconds - 1));
        long settledSent = 0;
        long settledReceived = 0;
        for (int s = 0; s < settledSeconds; s++) {
            settledSent += sentBySecond.get(s);
            settledReceived += receivedBySecond.get(s);
        }
        progress.printf(Locale.ROOT, "rtp-client %4d s %-9s sent %7d pps  received %7d pps  loss so far %.3f %%%n",
                elapsedSeconds, phase, sentInSecond, echoedInSecond,
                RunSummary.lossPercent(settledSent - settledReceived, settledSent));
    }

    private RunSummary summarize(RunHistograms totals) {
        long duplicates = 0;
        long reordered = 0;
        double jitterSum = 0;
        double jitterMax = 0;
        int streamsWithJitter = 0;
        for (int s = 0; s < schedule.streams(); s++) {
            ledger.settle(s, firstMeasuredPacket[s] + sent[s]);
            duplicates += ledger.duplicates(s);
            reordered += ledger.reordered(s);
            if (ledger.hasJitter(s)) {
                streamsWithJitter++;
                jitterSum += ledger.meanJitterNanos(s);
                jitterMax = Math.max(jitterMax, ledger.maxJitterNanos(s));
            }
        }
        long malformed = 0;
        for (ClientSocket socket : sockets) {
            malformed += socket.malformed;
        }
        RunSummary.JitterMicros jitter = new RunSummary.JitterMicros(
                streamsWithJitter == 0 ? 0 : jitterSum / streamsWithJitter / 1000, jitterMax / 1000);
        return RunSummary.of(schedule.streams(), options.duration().toNanos() / 1e9, measuredSeconds(), duplicates,
                reordered, malformed, jitter, totals);
    }

    /** Sent and lost of each second after the warm-up, by intended send time: the receivers have stopped, so final. */
    private List<RunSummary.Second> measuredSeconds() {
        List<RunSummary.Second> seconds = new ArrayList<>();
        int first = (int) (warmupNanos / NANOS_PER_SECOND);
        int last = (int) ((endNanos - 1) / NANOS_PER_SECOND);
        for (int second = first; second <= last; second++) {
            long sentInSecond = sentBySecond.get(second);
            seconds.add(new RunSummary.Second(sentInSecond, sentInSecond - receivedBySecond.get(second)));
        }
        return seconds;
    }

    /** Per-stream figures of the finished run, one CSV row per stream ({@link StreamResult}). */
    public void writePerStreamCsv(Path file) throws IOException {
        List<StreamResult> streams = new ArrayList<>();
        for (int s = 0; s < schedule.streams(); s++) {
            streams.add(new StreamResult(s, identities.ssrc(s) & 0xFFFF_FFFFL, sent[s], ledger.unique(s),
                    sent[s] - ledger.unique(s), ledger.duplicates(s), ledger.reordered(s),
                    ledger.meanJitterNanos(s) / 1000, ledger.maxJitterNanos(s) / 1000, ledger.lossBursts(s),
                    ledger.longestLossBurst(s)));
        }
        StreamResult.writeCsv(file, streams);
    }

    /** Datagrams the run could not send (ICMP errors reported back on the connected sockets). */
    public long sendErrors() {
        return sendErrors.sum();
    }

    private void closeSockets() {
        for (ClientSocket socket : sockets) {
            closeQuietly(socket.channel);
            closeQuietly(socket.selector);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing at the end of a run: nothing left to save.
        }
    }

    /** One connected client socket; owned by exactly one receive thread, so its streams have one writer. */
    static final class ClientSocket {
        final int index;
        final DatagramChannel channel;
        final Selector selector;
        final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES);
        long malformed;

        ClientSocket(int index, DatagramChannel channel, Selector selector) {
            this.index = index;
            this.channel = channel;
            this.selector = selector;
        }
    }

    /** The {@code .hlog}, or nothing when no path was given. */
    private static final class HistogramLogOutput implements AutoCloseable {
        private final PrintStream stream;
        private final HistogramLogWriter writer;

        HistogramLogOutput(Path path) throws IOException {
            if (path == null) {
                stream = null;
                writer = null;
                return;
            }
            Path absolute = path.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            stream = new PrintStream(Files.newOutputStream(absolute), false, "US-ASCII");
            writer = new HistogramLogWriter(stream);
            long now = System.currentTimeMillis();
            writer.outputLogFormatVersion();
            writer.outputComment("telvirt rtp-client: untagged = round-trip delay, tag "
                    + RunHistograms.SEND_LATENESS_TAG + " = sender lateness; values in microseconds"
                    + " (HistogramLogProcessor -outputValueUnitRatio 1000 prints milliseconds)");
            writer.setBaseTime(now);
            writer.outputStartTime(now);
            writer.outputLegend();
        }

        void write(Histogram delay, Histogram lateness) {
            if (writer == null) {
                return;
            }
            delay.setTag(null);
            writer.outputIntervalHistogram(delay);
            lateness.setTag(RunHistograms.SEND_LATENESS_TAG);
            writer.outputIntervalHistogram(lateness);
            stream.flush();
        }

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
