package org.telvirt.workloads.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.telvirt.workloads.audio.DtmfDetector;

class RtpPacketTest {
    private static ByteBuffer stamped(int sequence, int timestamp, int ssrc, int stream, int index, long intended) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RtpPacket.DATAGRAM_BYTES);
        RtpPacket.writeConstantParts(buffer);
        RtpPacket.stamp(buffer, sequence, timestamp, ssrc, stream, index, intended);
        return buffer;
    }

    @Test
    void writesAnRfc3550HeaderAndReadsEveryFieldBack() {
        ByteBuffer packet = stamped(0xFFFE, 0x89ABCDEF, 0x12345678, 799, 1234567, 98_765_432_100L);

        assertThat(packet.remaining()).isEqualTo(172);
        assertThat(packet.get(0)).as("V=2, P=0, X=0, CC=0").isEqualTo((byte) 0x80);
        assertThat(packet.get(1)).as("M=0, PT=0 (PCMU)").isEqualTo((byte) 0x00);
        assertThat(packet.get(2)).isEqualTo((byte) 0xFF);
        assertThat(packet.get(3)).isEqualTo((byte) 0xFE);
        assertThat(packet.getInt(4)).isEqualTo(0x89ABCDEF);
        assertThat(packet.getInt(8)).isEqualTo(0x12345678);
        assertThat(RtpPacket.version(packet)).isEqualTo(2);
        assertThat(RtpPacket.payloadType(packet)).isZero();
        assertThat(RtpPacket.sequence(packet)).isEqualTo(0xFFFE);
        assertThat(RtpPacket.timestamp(packet)).isEqualTo(0x89ABCDEF);
        assertThat(RtpPacket.ssrc(packet)).isEqualTo(0x12345678);
        assertThat(RtpPacket.magic(packet)).isEqualTo(RtpPacket.MAGIC);
        assertThat(RtpPacket.streamId(packet)).isEqualTo(799);
        assertThat(RtpPacket.packetIndex(packet)).isEqualTo(1234567);
        assertThat(RtpPacket.intendedSendNanos(packet)).isEqualTo(98_765_432_100L);
    }

    @Test
    void restampingChangesOnlyTheVaryingFields() {
        ByteBuffer packet = stamped(1, 160, 7, 3, 0, 0);
        ByteBuffer other = stamped(2, 320, 7, 3, 1, 20_000_000);
        for (int i = RtpPacket.AUDIO_OFFSET; i < RtpPacket.DATAGRAM_BYTES; i++) {
            assertThat(packet.get(i)).isEqualTo(other.get(i));
        }
        RtpPacket.stamp(packet, 2, 320, 7, 3, 1, 20_000_000);
        assertThat(packet).isEqualTo(other);
    }

    @Test
    void recognisesOnlyTwentyMillisecondPcmuFrames() {
        ByteBuffer packet = stamped(1, 2, 3, 4, 5, 6);
        assertThat(RtpPacket.isPcmuFrame(packet, 172)).isTrue();
        assertThat(RtpPacket.isPcmuFrame(packet, 171)).as("short").isFalse();
        assertThat(RtpPacket.isPcmuFrame(packet, 173)).as("long").isFalse();
        assertThat(RtpPacket.isPcmuFrame(packet, 1)).as("one byte").isFalse();
        packet.put(0, (byte) 0x40);
        assertThat(RtpPacket.isPcmuFrame(packet, 172)).as("version 1").isFalse();
        packet.put(0, (byte) 0x80);
        packet.put(1, (byte) 8);
        assertThat(RtpPacket.isPcmuFrame(packet, 172)).as("PT 8 (PCMA)").isFalse();
        packet.put(1, (byte) 0x80);
        assertThat(RtpPacket.isPcmuFrame(packet, 172)).as("marker bit set, PT 0").isTrue();
    }

    @Test
    void payloadCarriesAToneTheMediaServerHears() {
        ByteBuffer packet = stamped(100, 200, 300, 12, 345, 6_789_000_000L);
        byte[] payload = new byte[RtpPacket.PAYLOAD_BYTES];
        packet.get(RtpPacket.HEADER_BYTES, payload);

        assertThat(new DtmfDetector(RtpPacket.PAYLOAD_BYTES).detect(payload, 0, payload.length)).isEqualTo('5');
    }
}
