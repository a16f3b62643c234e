package org.telvirt.workloads.rtp;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.telvirt.workloads.net.SocketBuffers;
import org.telvirt.workloads.net.TimerSlack;

/**
 * The RTP load generator and measurer. One sender thread follows the schedule ({@link
 * SendSchedule}); receive threads read the echoed packets back on a few connected sockets (streams
 * are spread over them); the calling thread reports once a second and writes the {@code .hlog}.
 * Delay is measured from each packet's intended send time, so a stalled sender shows up as delay
 * (no coordinated omission). Packets sent during the warm-up are excluded from every figure; the
 * receivers keep listening for a drain period after the last send before anything counts as lost.
 * The send and receive loops allocate nothing per packet.
 */
public final class RtpClient {
    public static final String SENDER_THREAD = "rtp-sender";
    public static final String RECEIVER_THREAD_PREFIX = "rtp-receiver-";

    /** Sleep until this long before a packet is due, then spin: covers the wake-up latency. */
    static final long WAKE_EARLY_NANOS = Long.getLong("telvirt.sender.wakeEarlyNanos", 10_000);
    private static final long START_DELAY_NANOS = 100_000_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000;
    private static final int RECEIVE_BUFFER_BYTES = 2048;
    private static final int MAX_READS_PER_WAKEUP = 64;
    private static final long SELECT_TIMEOUT_MILLIS = 100;

    /** What to run. {@code bind} may be null (any local address); its port, if not 0, is the first of consecutive ports. */
    public record Options(InetSocketAddress server, int streams, Duration duration, Duration warmup, Duration drain,
            InetSocketAddress bind, int sockets, int receiveThreads, int socketBufferBytes) {
    }

    private final Options options;
    private final PrintStream progress;
    private final SendSchedule schedule;
    private final StreamIdentities identities;
    private final ReceptionLedger ledger;
    private final long[] sent;
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
    private long runStartNanos;

    public RtpClient(Options options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        schedule = new SendSchedule(options.streams());
        identities = new StreamIdentities(options.streams(), ThreadLocalRandom.current().nextLong());
        ledger = new ReceptionLedger(options.streams());
        sent = new long[options.streams()];
        warmupNanos = options.warmup().toNanos();
        endNanos = warmupNanos + options.duration().toNanos();
        int seconds = (int) ((endNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND) + 1;
        sentBySecond = new AtomicLongArray(seconds);
        receivedBySecond = new AtomicLongArray(seconds);
    }

    /** Runs the whole schedule and drain; writes the {@code .hlog} if {@code histogramLog} is not null. */
    public RunSummary run(Path histogramLog) throws IOException, InterruptedException {
        try (HistogramLogOutput log = new HistogramLogOutput(histogramLog)) {
            openSockets();
            runStartNanos = System.nanoTime() + START_DELAY_NANOS;
            List<Thread> receivers = startReceivers();
            Thread sender = new Thread(this::sendLoop, SENDER_THREAD);
            sender.setDaemon(true);
            sender.start();
            RunHistograms totals = report(sender, log);
            receiving = false;
            for (ClientSocket socket : sockets) {
                socket.selector.wakeup();
            }
            for (Thread receiver : receivers) {
                receiver.join();
            }
            takeInterval(totals, log);
            return summarize(totals);
        } finally {
            closeSockets();
        }
    }

    private void openSockets() throws IOException {
        SocketBuffers buffers = new SocketBuffers(options.socketBufferBytes(), progress == null ? System.err : progress);
        InetSocketAddress server = options.server();
        StandardProtocolFamily family = server.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        List<Selector> selectors = new ArrayList<>();
        try {
            for (int t = 0; t < options.receiveThreads(); t++) {
                selectors.add(Selector.open());
            }
            for (int i = 0; i < options.sockets(); i++) {
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
        for (int t = 0; t < options.receiveThreads(); t++) {
            Selector selector = sockets.get(t).selector;
            Thread thread = new Thread(new Receiver(selector), RECEIVER_THREAD_PREFIX + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private void sendLoop() {
        TimerSlack.tightenForCurrentThread();
        ByteBuffer packet = ByteBuffer.allocateDirect(RtpPacket.DATAGRAM_BYTES);
        RtpPacket.writeConstantParts(packet);
        long firstMeasuredSlot = schedule.firstSlotAtOrAfter(warmupNanos);
        long endSlot = schedule.firstSlotAtOrAfter(endNanos);
        long slot = 0;
        while (slot < endSlot) {
            long intended = schedule.slotNanos(slot);
            long due = runStartNanos + intended;
            long now = System.nanoTime();
            if (due - now > WAKE_EARLY_NANOS) {
                LockSupport.parkNanos(due - now - WAKE_EARLY_NANOS);
                continue;
            }
            while (now < due) {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
            int stream = schedule.streamOfSlot(slot);
            long index = schedule.packetIndexOfSlot(slot);
            RtpPacket.stamp(packet, identities.sequence(stream, index), identities.timestamp(stream, index),
                    identities.ssrc(stream), stream, (int) index, intended);
            send(sockets.get(stream % sockets.size()).channel, packet);
            if (slot >= firstMeasuredSlot) {
                latenessRecorder.recordValue(clampMicros(SendSchedule.delayMicros(due, now)));
                sent[stream]++;
                sentBySecond.incrementAndGet((int) (intended / NANOS_PER_SECOND));
            }
            sentTotal.lazySet(sentTotal.get() + 1);
            slot++;
        }
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
            try {
                while (receiving) {
                    selector.select(this, SELECT_TIMEOUT_MILLIS);
                }
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
                int length;
                try {
                    length = socket.channel.read(buffer);
                } catch (IOException e) {
                    // ICMP port unreachable from an earlier send: the server is not (yet) there.
                    sendErrors.increment();
                    continue;
                }
                if (length <= 0) {
                    return;
                }
                onDatagram(socket, buffer, length, System.nanoTime());
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
        delayRecorder.recordValue(clampMicros(SendSchedule.delayMicros(runStartNanos + intended, arrivalNanos)));
        ledger.recordTransit(stream, arrivalNanos - runStartNanos - identities.mediaNanos(stream, RtpPacket.timestamp(buffer)));
        receivedBySecond.incrementAndGet((int) (intended / NANOS_PER_SECOND));
    }

    private static long clampMicros(long micros) {
        return Math.min(micros, RunHistograms.HIGHEST_TRACKABLE_MICROS);
    }

    /** Once a second: an interval into the log and a progress line; returns when the drain is over. */
    private RunHistograms report(Thread sender, HistogramLogOutput log) throws InterruptedException {
        RunHistograms totals = RunHistograms.empty();
        long drainEnd = runStartNanos + endNanos + options.drain().toNanos();
        long lastSent = 0;
        long lastEchoed = 0;
        for (long tick = 1; ; tick++) {
            long tickAt = runStartNanos + tick * NANOS_PER_SECOND;
            long until = Math.min(tickAt, drainEnd);
            for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                LockSupport.parkNanos(until - now);
            }
            if (System.nanoTime() >= runStartNanos + warmupNanos) {
                takeInterval(totals, log);
            }
            long sentNow = sentTotal.get();
            long echoedNow = echoedTotal.sum();
            printProgress(tick, sentNow - lastSent, echoedNow - lastEchoed);
            lastSent = sentNow;
            lastEchoed = echoedNow;
            if (until == drainEnd) {
                sender.join();
                return totals;
            }
        }
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
        long packetsSent = 0;
        long received = 0;
        long duplicates = 0;
        long reordered = 0;
        double jitterSum = 0;
        double jitterMax = 0;
        int streamsWithJitter = 0;
        for (int s = 0; s < schedule.streams(); s++) {
            packetsSent += sent[s];
            received += ledger.unique(s);
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
        return RunSummary.of(schedule.streams(), options.duration().toNanos() / 1e9, packetsSent, received, duplicates,
                reordered, malformed, jitter, totals);
    }

    /** Per-stream figures of the finished run, one CSV row per stream. */
    public void writePerStreamCsv(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(absolute))) {
            out.println("stream,ssrc,sent,received,lost,duplicates,reordered,jitterMeanMicros,jitterMaxMicros");
            for (int s = 0; s < schedule.streams(); s++) {
                out.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f%n", s, identities.ssrc(s) & 0xFFFF_FFFFL,
                        sent[s], ledger.unique(s), sent[s] - ledger.unique(s), ledger.duplicates(s),
                        ledger.reordered(s), ledger.meanJitterNanos(s) / 1000, ledger.maxJitterNanos(s) / 1000);
            }
        }
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
            writer.outputComment("telvirt rtp-client: untagged = round-trip delay (us), tag "
                    + RunHistograms.SEND_LATENESS_TAG + " = sender lateness (us)");
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
