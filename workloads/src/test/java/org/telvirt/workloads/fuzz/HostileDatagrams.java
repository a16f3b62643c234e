package org.telvirt.workloads.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.telvirt.workloads.relay.Relay;
import org.telvirt.workloads.rtp.RtpPacket;

/**
 * The kinds of hostile datagram the fuzz test sends, each made from a seeded random source and, where
 * it imitates one, a real packet of the run: wrong sizes, wrong RTP version or payload type, unknown
 * SSRC or stream, a sequence number that does not belong to the packet, a send time in the future,
 * garbage. None of them is a packet a receiver may count.
 */
final class HostileDatagrams {
    /** A kind of hostile datagram: its name and how to make one from a random source and a real packet. */
    record Kind(String name, BiFunction<SplittableRandom, ByteBuffer, byte[]> maker) {
        byte[] make(SplittableRandom random, ByteBuffer real) {
            return maker.apply(random, real.duplicate());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("empty", (random, real) -> new byte[0]),
            new Kind("1 byte", (random, real) -> bytes(random, 1)),
            new Kind("11 bytes, less than a header", (random, real) -> prefix(real, 11)),
            new Kind("header only", (random, real) -> prefix(real, RtpPacket.HEADER_BYTES)),
            new Kind("one byte short", (random, real) -> prefix(real, RtpPacket.DATAGRAM_BYTES - 1)),
            new Kind("one byte long", (random, real) -> extended(real, random, RtpPacket.DATAGRAM_BYTES + 1)),
            new Kind("over the relay's MTU", (random, real) -> extended(real, random, Relay.MAX_DATAGRAM_BYTES + 1)),
            new Kind("jumbo 9000 bytes", (random, real) -> extended(real, random, 9000)),
            new Kind("largest UDP datagram", (random, real) -> bytes(random, 65_507)),
            new Kind("RTP version 0", (random, real) -> withFirstByte(real, 0x00)),
            new Kind("RTP version 1", (random, real) -> withFirstByte(real, 0x40)),
            new Kind("RTP version 3", (random, real) -> withFirstByte(real, 0xC0)),
            new Kind("payload type 8 (PCMA)", (random, real) -> withByte(real, 1, 8)),
            new Kind("unknown SSRC", (random, real) -> restamped(real, random.nextInt(), RtpPacket.streamId(real),
                    RtpPacket.packetIndex(real), RtpPacket.sequence(real), RtpPacket.intendedSendNanos(real))),
            new Kind("stream id out of range", (random, real) -> restamped(real, RtpPacket.ssrc(real),
                    random.nextBoolean() ? -1 - random.nextInt(1000) : 1_000_000 + random.nextInt(1000),
                    RtpPacket.packetIndex(real), RtpPacket.sequence(real), RtpPacket.intendedSendNanos(real))),
            new Kind("sequence number of another packet", (random, real) -> restamped(real, RtpPacket.ssrc(real),
                    RtpPacket.streamId(real), RtpPacket.packetIndex(real), RtpPacket.sequence(real) + 1
                            + random.nextInt(1000), RtpPacket.intendedSendNanos(real))),
            new Kind("send time in the future", (random, real) -> restamped(real, RtpPacket.ssrc(real),
                    RtpPacket.streamId(real), RtpPacket.packetIndex(real), RtpPacket.sequence(real),
                    RtpPacket.intendedSendNanos(real) + 3_600_000_000_000L)),
            new Kind("not our magic", (random, real) -> withByte(real, RtpPacket.HEADER_BYTES,
                    real.get(RtpPacket.HEADER_BYTES) ^ (1 + random.nextInt(255)))),
            new Kind("all zeros", (random, real) -> new byte[RtpPacket.DATAGRAM_BYTES]),
            new Kind("all ones", (random, real) -> filled(0xFF)),
            new Kind("garbage of any length", (random, real) -> bytes(random, random.nextInt(0, 3000))));

    private HostileDatagrams() {
    }

    /** True for a datagram the media server takes for a PCMU frame and echoes (it checks no more than that). */
    static boolean echoedByTheServer(byte[] datagram) {
        return datagram.length >= 2 && RtpPacket.isPcmuFrame(datagram.length, datagram[0], datagram[1]);
    }

    /** {@code count} datagrams of every kind, shuffled, from copies of the given real packets. */
    static List<byte[]> batch(SplittableRandom random, List<ByteBuffer> reals, int count) {
        List<byte[]> batch = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (int i = 0; i < count; i++) {
                batch.add(kind.make(random, reals.get(random.nextInt(reals.size()))));
            }
        }
        for (int i = batch.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            byte[] swapped = batch.get(i);
            batch.set(i, batch.get(j));
            batch.set(j, swapped);
        }
        return batch;
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] prefix(ByteBuffer real, int length) {
        byte[] bytes = new byte[length];
        real.get(0, bytes);
        return bytes;
    }

    private static byte[] extended(ByteBuffer real, SplittableRandom random, int length) {
        byte[] bytes = bytes(random, length);
        real.get(0, bytes, 0, Math.min(length, real.limit()));
        return bytes;
    }

    private static byte[] copy(ByteBuffer real) {
        return prefix(real, real.limit());
    }

    private static byte[] withByte(ByteBuffer real, int index, int value) {
        byte[] bytes = copy(real);
        bytes[index] = (byte) value;
        return bytes;
    }

    private static byte[] withFirstByte(ByteBuffer real, int versionBits) {
        byte[] bytes = copy(real);
        bytes[0] = (byte) (versionBits | (bytes[0] & 0x3F));
        return bytes;
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[RtpPacket.DATAGRAM_BYTES];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] restamped(ByteBuffer real, int ssrc, int stream, int index, int sequence, long intendedNanos) {
        ByteBuffer packet = ByteBuffer.wrap(copy(real));
        RtpPacket.stamp(packet, sequence, RtpPacket.timestamp(real), ssrc, stream, index, intendedNanos);
        return packet.array();
    }
}
