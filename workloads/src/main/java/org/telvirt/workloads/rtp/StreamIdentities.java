package org.telvirt.workloads.rtp;

import java.util.SplittableRandom;

/**
 * Each stream's SSRC and random initial sequence number and timestamp (RFC 3550 section 5.1),
 * drawn from a per-run seed so packets of another run or client are told apart.
 */
public final class StreamIdentities {
    private final int[] ssrc;
    private final int[] firstSequence;
    private final int[] firstTimestamp;

    public StreamIdentities(int streams, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ssrc = new int[streams];
        firstSequence = new int[streams];
        firstTimestamp = new int[streams];
        for (int s = 0; s < streams; s++) {
            ssrc[s] = random.nextInt();
            firstSequence[s] = random.nextInt(1 << 16);
            firstTimestamp[s] = random.nextInt();
        }
    }

    public int ssrc(int stream) {
        return ssrc[stream];
    }

    public int sequence(int stream, long packetIndex) {
        return (int) ((firstSequence[stream] + packetIndex) & 0xFFFF);
    }

    public int timestamp(int stream, long packetIndex) {
        return (int) (firstTimestamp[stream] + packetIndex * RtpPacket.TIMESTAMP_STEP);
    }

    /** Media time of an RTP timestamp since the stream's first packet, in nanoseconds (8 kHz clock). */
    public long mediaNanos(int stream, int timestamp) {
        long ticks = (timestamp - firstTimestamp[stream]) & 0xFFFF_FFFFL;
        return ticks * 125_000;
    }
}
