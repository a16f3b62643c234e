package org.telvirt.workloads.rtp;

import java.nio.ByteBuffer;
import org.telvirt.workloads.audio.DtmfDetector;

/**
 * The workload's datagram: 172 bytes = an RFC 3550 header (V=2, no padding, extension or CSRCs,
 * PT=0 PCMU, sequence, timestamp, SSRC) and one 20 ms G.711 frame of 160 bytes. The frame starts
 * with the measurement fields (magic, stream id, packet index, intended send time) and carries a
 * DTMF tone after them, so the media server's tone detector hears something real. The fields are
 * stored bit-inverted: in mu-law a zero byte is the loudest sample and 0xFF is silence, so inverted
 * small numbers sound quiet and leave the tone detectable.
 * All accessors are absolute and allocate nothing.
 */
public final class RtpPacket {
    public static final int HEADER_BYTES = 12;
    public static final int PAYLOAD_BYTES = 160;
    public static final int DATAGRAM_BYTES = HEADER_BYTES + PAYLOAD_BYTES;
    public static final int VERSION = 2;
    public static final int PAYLOAD_TYPE_PCMU = 0;
    /** RTP clock ticks per packet: 8 kHz x 20 ms. */
    public static final int TIMESTAMP_STEP = 160;
    /** "TVRT": marks our own payloads among whatever else arrives. */
    public static final int MAGIC = 0x54565254;

    static final int SEQUENCE_OFFSET = 2;
    static final int TIMESTAMP_OFFSET = 4;
    static final int SSRC_OFFSET = 8;
    static final int MAGIC_OFFSET = 12;
    static final int STREAM_OFFSET = 16;
    static final int INDEX_OFFSET = 20;
    static final int INTENDED_SEND_OFFSET = 24;
    static final int AUDIO_OFFSET = 32;
    private static final byte[] AUDIO = DtmfDetector.tone('5', DATAGRAM_BYTES - AUDIO_OFFSET, 8000);

    private RtpPacket() {
    }

    /** Writes the parts of the datagram that never change: first header bytes, magic and tone. */
    public static void writeConstantParts(ByteBuffer buffer) {
        buffer.put(0, (byte) (VERSION << 6));
        buffer.put(1, (byte) PAYLOAD_TYPE_PCMU);
        buffer.putInt(MAGIC_OFFSET, ~MAGIC);
        buffer.put(AUDIO_OFFSET, AUDIO);
        buffer.limit(DATAGRAM_BYTES).position(0);
    }

    /** Writes one packet's varying fields into a buffer prepared by {@link #writeConstantParts}. */
    public static void stamp(ByteBuffer buffer, int sequence, int timestamp, int ssrc, int streamId, int packetIndex,
            long intendedSendNanos) {
        buffer.putShort(SEQUENCE_OFFSET, (short) sequence);
        buffer.putInt(TIMESTAMP_OFFSET, timestamp);
        buffer.putInt(SSRC_OFFSET, ssrc);
        buffer.putInt(STREAM_OFFSET, ~streamId);
        buffer.putInt(INDEX_OFFSET, ~packetIndex);
        buffer.putLong(INTENDED_SEND_OFFSET, ~intendedSendNanos);
        buffer.limit(DATAGRAM_BYTES).position(0);
    }

    /** True for a datagram shaped like one 20 ms PCMU frame: 172 bytes, RTP version 2, payload type 0. */
    public static boolean isPcmuFrame(int length, byte first, byte second) {
        return length == DATAGRAM_BYTES && (first & 0xC0) == VERSION << 6 && (second & 0x7F) == PAYLOAD_TYPE_PCMU;
    }

    public static boolean isPcmuFrame(ByteBuffer buffer, int length) {
        return length >= 2 && isPcmuFrame(length, buffer.get(0), buffer.get(1));
    }

    public static int version(ByteBuffer buffer) {
        return (buffer.get(0) & 0xC0) >>> 6;
    }

    public static int payloadType(ByteBuffer buffer) {
        return buffer.get(1) & 0x7F;
    }

    public static int sequence(ByteBuffer buffer) {
        return buffer.getShort(SEQUENCE_OFFSET) & 0xFFFF;
    }

    public static int timestamp(ByteBuffer buffer) {
        return buffer.getInt(TIMESTAMP_OFFSET);
    }

    public static int ssrc(ByteBuffer buffer) {
        return buffer.getInt(SSRC_OFFSET);
    }

    public static int magic(ByteBuffer buffer) {
        return ~buffer.getInt(MAGIC_OFFSET);
    }

    public static int streamId(ByteBuffer buffer) {
        return ~buffer.getInt(STREAM_OFFSET);
    }

    public static int packetIndex(ByteBuffer buffer) {
        return ~buffer.getInt(INDEX_OFFSET);
    }

    public static long intendedSendNanos(ByteBuffer buffer) {
        return ~buffer.getLong(INTENDED_SEND_OFFSET);
    }
}
