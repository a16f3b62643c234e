package org.telvirt.workloads.signaling;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.telvirt.workloads.work.CpuCalibration;

/**
 * The signaling server: answers each call's INVITE with 100 Trying, 180 Ringing and 200 OK, each
 * UPDATE and BYE with 200 OK; spends the calibrated compute on every new call (digest hashing, as
 * for SIP authentication) and appends a call record to the call log with an fsync when the call
 * ends (the paper's per-call disk I/O). Retransmitted requests get the same answers again.
 * One thread, as a single-vCPU Signaling VM.
 */
public final class SignalingServer implements AutoCloseable {
    public static final String CALL_LOG_FILE = "calls.log";
    private static final long ENDED_CALL_KEEP_NANOS = 32_000_000_000L;
    private static final long IDLE_CALL_NANOS = 600_000_000_000L;
    private static final long HOUSEKEEPING_NANOS = 1_000_000_000L;
    private static final int MAX_DATAGRAM_BYTES = 4096;

    /** What the server did; printed as one JSON line when it stops. */
    public record Stats(long messagesReceived, long callsStarted, long callsEnded, long malformedReceived) {
    }

    private final InetSocketAddress bind;
    private final int digestPasses;
    private final Path callLog;
    private final PrintStream warnings;
    private final LongAdder messages = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final Map<String, Call> calls = new HashMap<>();
    private final MessageDigest digest;
    private DatagramChannel channel;
    private Selector selector;
    private FileChannel log;
    private Thread thread;
    private volatile boolean running = true;

    private static final class Call {
        final long startedNanos = System.nanoTime();
        long lastSeenNanos = startedNanos;
        long endedNanos;
    }

    public SignalingServer(InetSocketAddress bind, double workMicros, Path callLogDirectory, PrintStream warnings) {
        this.bind = bind;
        this.callLog = callLogDirectory.resolve(CALL_LOG_FILE);
        this.warnings = warnings;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        byte[] sample = SipMessage.request(SipMessage.INVITE, "calibration", 1).encode();
        this.digestPasses = workMicros <= 0 ? 0
                : CpuCalibration.passesFor(workMicros, CpuCalibration.passMicros(() -> digest(sample, 1)));
    }

    public int digestPasses() {
        return digestPasses;
    }

    public SignalingServer start() throws IOException {
        log = FileChannel.open(callLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            channel = DatagramChannel.open();
            channel.bind(bind);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        thread = new Thread(this::serve, "signaling-server");
        thread.start();
        return this;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    public Path callLog() {
        return callLog;
    }

    public Stats stats() {
        return new Stats(messages.sum(), started.sum(), ended.sum(), malformed.sum());
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
        try {
            while (running) {
                selector.select(HOUSEKEEPING_NANOS / 1_000_000);
                selector.selectedKeys().clear();
                for (SocketAddress peer = next(buffer); peer != null; peer = next(buffer)) {
                    messages.increment();
                    SipMessage request = SipMessage.parse(buffer.array(), buffer.position())
                            .filter(SipMessage::isRequest)
                            .orElse(null);
                    if (request == null) {
                        malformed.increment();
                    } else {
                        answer(request, peer);
                    }
                }
                if (System.nanoTime() >= nextHousekeeping) {
                    forgetOldCalls();
                    nextHousekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
                }
            }
        } catch (IOException e) {
            warnings.println("signaling-server: stopped: " + e.getMessage());
        }
    }

    private SocketAddress next(ByteBuffer buffer) throws IOException {
        buffer.clear();
        return channel.receive(buffer);
    }

    private void answer(SipMessage request, SocketAddress peer) {
        long now = System.nanoTime();
        Call call = calls.get(request.callId());
        switch (request.method()) {
            case SipMessage.INVITE -> {
                if (call == null) {
                    digest(request.encode(), digestPasses);
                    call = new Call();
                    calls.put(request.callId(), call);
                    started.increment();
                    send(SipMessage.response(100, "Trying", request), peer);
                    send(SipMessage.response(180, "Ringing", request), peer);
                }
                send(SipMessage.response(200, "OK", request), peer);
            }
            case SipMessage.ACK -> {
                if (call == null) {
                    malformed.increment();
                }
            }
            case SipMessage.UPDATE -> send(SipMessage.response(call == null ? 481 : 200,
                    call == null ? "Call Does Not Exist" : "OK", request), peer);
            case SipMessage.BYE -> {
                if (call == null) {
                    send(SipMessage.response(481, "Call Does Not Exist", request), peer);
                    return;
                }
                if (call.endedNanos == 0) {
                    call.endedNanos = now;
                    appendCallRecord(request.callId(), call);
                    ended.increment();
                }
                send(SipMessage.response(200, "OK", request), peer);
            }
            default -> send(SipMessage.response(501, "Not Implemented", request), peer);
        }
        if (call != null) {
            call.lastSeenNanos = now;
        }
    }

    /** The call detail record: durable before the BYE is answered, as billing needs. */
    private void appendCallRecord(String callId, Call call) {
        String record = System.currentTimeMillis() + " " + callId + " durationMillis="
                + (call.endedNanos - call.startedNanos) / 1_000_000 + "\n";
        try {
            log.write(ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8)));
            log.force(false);
        } catch (IOException e) {
            warnings.println("signaling-server: cannot write the call log " + callLog + ": " + e.getMessage());
        }
    }

    private int digest(byte[] message, int passes) {
        int result = 0;
        for (int i = 0; i < passes; i++) {
            digest.update(message);
            result += digest.digest()[0];
        }
        return result;
    }

    private void send(SipMessage message, SocketAddress peer) {
        try {
            channel.send(ByteBuffer.wrap(message.encode()), peer);
        } catch (IOException e) {
            warnings.println("signaling-server: cannot answer " + peer + ": " + e.getMessage());
        }
    }

    private void forgetOldCalls() {
        long now = System.nanoTime();
        Iterator<Call> iterator = calls.values().iterator();
        while (iterator.hasNext()) {
            Call call = iterator.next();
            if (call.endedNanos != 0 && now - call.endedNanos > ENDED_CALL_KEEP_NANOS
                    || now - call.lastSeenNanos > IDLE_CALL_NANOS) {
                iterator.remove();
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (selector != null) {
            selector.wakeup();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (channel != null) {
            channel.close();
        }
        if (selector != null) {
            selector.close();
        }
        if (log != null) {
            log.close();
        }
    }
}
