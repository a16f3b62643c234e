package org.telvirt.workloads.signaling;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.telvirt.workloads.io.JsonFiles;

/**
 * Drives calls against the signaling server at a constant rate: INVITE, 100 Trying, 180 Ringing,
 * 200 OK, ACK; an UPDATE (200 OK) half-way through the hold time; BYE, 200 OK at its end: nine
 * messages per call. Requests are retransmitted as SIP does over UDP (500 ms, doubling to 4 s) and a
 * call fails when a request stays unanswered for 32 s. New calls start for {@code duration}; then
 * calls still up are hung up at once, and whatever has not finished after the drain time failed.
 * Setup time is from the first INVITE to its 200 OK.
 */
public final class SignalingClient {
    private static final long T1_NANOS = 500_000_000L;
    private static final long T2_NANOS = 4_000_000_000L;
    private static final long GIVE_UP_NANOS = 64 * T1_NANOS;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NEVER = Long.MAX_VALUE;

    public record Options(InetSocketAddress server, double callsPerSecond, Duration hold, Duration duration,
            Duration drain) {
    }

    /** The run's outcome; the last line of {@code signaling-client} prints it as JSON. */
    @JsonPropertyOrder({"callsAttempted", "callsCompleted", "callsFailed", "messagesSent", "messagesReceived",
        "malformedReceived", "setupMillis"})
    public record Summary(long callsAttempted, long callsCompleted, long callsFailed, long messagesSent,
            long messagesReceived, long malformedReceived, SetupMillis setupMillis) {
        /** Reads the file {@code signaling-client --summary} wrote; unknown or missing fields are errors. */
        public static Summary read(Path file) throws IOException {
            return JsonFiles.read(file, Summary.class);
        }
    }

    @JsonPropertyOrder({"p50", "p99", "max"})
    public record SetupMillis(double p50, double p99, double max) {
    }

    private final Options options;
    private final String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final Map<String, Call> calls = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private final Histogram setupMicros = new Histogram(3_600_000_000L, 3);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(4096);
    private DatagramChannel channel;
    private long attempted;
    private long completed;
    private long failed;
    private long sent;
    private long received;
    private long malformed;
    private boolean hangingUp;
    /** Set by {@link #endCallsNow()}: no new call after it, whatever the duration. */
    private volatile boolean endRequested;
    private volatile Selector selector;

    public SignalingClient(Options options) {
        this.options = options;
    }

    public Summary run(PrintStream progress) throws IOException {
        try (DatagramChannel opened = DatagramChannel.open(); Selector selector = Selector.open()) {
            this.selector = selector;
            channel = opened;
            channel.connect(options.server());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            long start = System.nanoTime();
            long callIntervalNanos = Math.round(NANOS_PER_SECOND / options.callsPerSecond());
            long endOfCalls = start + options.duration().toNanos();
            long endOfDrain = endOfCalls + options.drain().toNanos();
            long nextCall = start;
            long nextProgress = start + NANOS_PER_SECOND;
            while (true) {
                long now = System.nanoTime();
                if (endRequested && endOfCalls > now) {
                    endOfCalls = now;
                    endOfDrain = now + options.drain().toNanos();
                }
                while (nextCall <= now && nextCall < endOfCalls) {
                    startCall(now);
                    nextCall += callIntervalNanos;
                }
                if (now >= endOfCalls && !hangingUp) {
                    hangUpAll(now);
                }
                fireDeadlines(now);
                if (now >= nextProgress) {
                    printProgress(progress, (now - start) / NANOS_PER_SECOND);
                    nextProgress += NANOS_PER_SECOND;
                }
                if (hangingUp && (calls.isEmpty() || now >= endOfDrain)) {
                    break;
                }
                long wakeAt = Math.min(Math.min(nextCall < endOfCalls ? nextCall : endOfDrain, nextProgress),
                        deadlines.isEmpty() ? NEVER : deadlines.peek().atNanos);
                long waitMillis = (wakeAt - System.nanoTime()) / 1_000_000;
                if (waitMillis > 0) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                selector.selectedKeys().clear();
                readResponses();
            }
            failed += calls.size();
            calls.clear();
        }
        return new Summary(attempted, completed, failed, sent, received, malformed, new SetupMillis(
                setupMicros.getValueAtPercentile(50) / 1000.0, setupMicros.getValueAtPercentile(99) / 1000.0,
                setupMicros.getMaxValue() / 1000.0));
    }

    /**
     * Ends the run early, from another thread: no new call from now on, the calls still up are hung up, and the
     * drain runs as at the end of the duration. For an owner whose measurement ended before the duration did.
     */
    public void endCallsNow() {
        endRequested = true;
        Selector waiting = selector;
        if (waiting != null) {
            waiting.wakeup();
        }
    }

    private void startCall(long now) {
        Call call = new Call(runId + "-" + attempted + "@telvirt", now);
        attempted++;
        calls.put(call.id, call);
        call.sendRequest(SipMessage.INVITE, now);
    }

    private void hangUpAll(long now) {
        hangingUp = true;
        for (Call call : calls.values()) {
            if (call.established && !SipMessage.BYE.equals(call.pending)) {
                call.byeAtNanos = now;
                call.schedule();
            }
        }
    }

    private void fireDeadlines(long now) {
        while (!deadlines.isEmpty() && deadlines.peek().atNanos <= now) {
            Deadline deadline = deadlines.poll();
            Call call = deadline.call;
            if (!call.done && deadline.atNanos == call.nextDeadlineNanos()) {
                call.onDeadline(now);
            }
        }
    }

    private void readResponses() throws IOException {
        while (true) {
            receiveBuffer.clear();
            int length;
            try {
                length = channel.read(receiveBuffer);
            } catch (IOException e) {
                // ICMP port unreachable: the server is not there; retransmissions and time-outs handle it.
                continue;
            }
            if (length <= 0) {
                return;
            }
            received++;
            SipMessage response = SipMessage.parse(receiveBuffer.array(), length)
                    .filter(message -> !message.isRequest())
                    .orElse(null);
            if (response == null || !response.callId().startsWith(runId + "-")) {
                malformed++;
                continue;
            }
            Call call = calls.get(response.callId());
            if (call != null) {
                call.onResponse(response, System.nanoTime());
            }
        }
    }

    private void send(SipMessage message) {
        try {
            channel.write(ByteBuffer.wrap(message.encode()));
            sent++;
        } catch (IOException e) {
            // Lost like a datagram on the wire: the retransmission timer covers it.
            sent++;
        }
    }

    private void printProgress(PrintStream progress, long elapsedSeconds) {
        if (progress == null) {
            return;
        }
        long up = calls.values().stream().filter(call -> call.established).count();
        progress.printf(Locale.ROOT, "signaling-client %4d s  attempted %6d  up %6d  completed %6d  failed %4d%n",
                elapsedSeconds, attempted, up, completed, failed);
    }

    private record Deadline(long atNanos, Call call) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(atNanos, other.atNanos);
        }
    }

    private final class Call {
        final String id;
        final long startNanos;
        int sequence;
        String pending;
        long retransmitAtNanos = NEVER;
        long retransmitIntervalNanos;
        long giveUpAtNanos = NEVER;
        boolean established;
        long updateAtNanos = NEVER;
        long byeAtNanos = NEVER;
        boolean done;

        Call(String id, long startNanos) {
            this.id = id;
            this.startNanos = startNanos;
        }

        void sendRequest(String method, long now) {
            pending = method;
            sequence++;
            send(SipMessage.request(method, id, sequence));
            retransmitIntervalNanos = T1_NANOS;
            retransmitAtNanos = now + T1_NANOS;
            giveUpAtNanos = now + GIVE_UP_NANOS;
            schedule();
        }

        long nextDeadlineNanos() {
            return Math.min(Math.min(retransmitAtNanos, giveUpAtNanos), Math.min(updateAtNanos, byeAtNanos));
        }

        void schedule() {
            long at = nextDeadlineNanos();
            if (at != NEVER) {
                deadlines.add(new Deadline(at, this));
            }
        }

        void onDeadline(long now) {
            if (now >= giveUpAtNanos) {
                finish(false);
            } else if (now >= byeAtNanos) {
                byeAtNanos = NEVER;
                updateAtNanos = NEVER;
                sendRequest(SipMessage.BYE, now);
            } else if (now >= retransmitAtNanos) {
                send(SipMessage.request(pending, id, sequence));
                retransmitIntervalNanos = Math.min(2 * retransmitIntervalNanos, T2_NANOS);
                retransmitAtNanos = now + retransmitIntervalNanos;
                schedule();
            } else if (now >= updateAtNanos) {
                updateAtNanos = NEVER;
                if (pending == null) {
                    sendRequest(SipMessage.UPDATE, now);
                } else {
                    schedule();
                }
            }
        }

        void onResponse(SipMessage response, long now) {
            if (response.sequenceMethod().equals(SipMessage.INVITE) && response.status() == 200 && established) {
                send(SipMessage.request(SipMessage.ACK, id, 1));
                return;
            }
            if (!response.sequenceMethod().equals(pending) || response.sequence() != sequence) {
                return;
            }
            if (response.status() < 200) {
                retransmitAtNanos = NEVER;
                return;
            }
            if (response.status() >= 300) {
                finish(false);
                return;
            }
            pending = null;
            retransmitAtNanos = NEVER;
            giveUpAtNanos = NEVER;
            switch (response.sequenceMethod()) {
                case SipMessage.INVITE -> {
                    setupMicros.recordValue(Math.min((now - startNanos) / 1000, setupMicros.getHighestTrackableValue()));
                    established = true;
                    send(SipMessage.request(SipMessage.ACK, id, 1));
                    long holdNanos = options.hold().toNanos();
                    if (hangingUp) {
                        byeAtNanos = now;
                    } else {
                        updateAtNanos = now + holdNanos / 2;
                        byeAtNanos = now + holdNanos;
                    }
                    schedule();
                }
                case SipMessage.BYE -> finish(true);
                default -> schedule();
            }
        }

        void finish(boolean success) {
            done = true;
            calls.remove(id);
            if (success) {
                completed++;
            } else {
                failed++;
            }
        }
    }
}
