package org.telvirt.workloads.rtp;

/**
 * When each packet is meant to leave: every stream sends one packet per 20 ms, and the streams are
 * phased evenly across the period, so the client as a whole sends at a constant rate. Times are
 * nanoseconds from the run's start. Slots number all packets of all streams in send order.
 */
public final class SendSchedule {
    public static final long PERIOD_NANOS = 20_000_000;
    public static final int PACKETS_PER_SECOND = 50;

    private final int streams;

    public SendSchedule(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + streams);
        }
        this.streams = streams;
    }

    public int streams() {
        return streams;
    }

    public long offsetNanos(int stream) {
        return stream * PERIOD_NANOS / streams;
    }

    public long intendedNanos(int stream, long packetIndex) {
        return offsetNanos(stream) + packetIndex * PERIOD_NANOS;
    }

    public int streamOfSlot(long slot) {
        return (int) (slot % streams);
    }

    public long packetIndexOfSlot(long slot) {
        return slot / streams;
    }

    public long slotNanos(long slot) {
        return intendedNanos(streamOfSlot(slot), packetIndexOfSlot(slot));
    }

    /** The first slot whose intended time is at or after {@code nanos}. */
    public long firstSlotAtOrAfter(long nanos) {
        long slot = Math.max(0, nanos / PERIOD_NANOS * streams);
        while (slotNanos(slot) < nanos) {
            slot++;
        }
        return slot;
    }

    /** The first packet of {@code stream} whose intended time is at or after {@code nanos}. */
    public long firstPacketAtOrAfter(int stream, long nanos) {
        long fromOffset = nanos - offsetNanos(stream);
        return fromOffset <= 0 ? 0 : (fromOffset + PERIOD_NANOS - 1) / PERIOD_NANOS;
    }

    /** Round-trip delay: arrival minus the intended (not the actual) send time, rounded to microseconds. */
    public static long delayMicros(long intendedNanos, long arrivalNanos) {
        return Math.max(0, (arrivalNanos - intendedNanos + 500) / 1000);
    }
}
