package org.telvirt.workloads.audio;

/** ITU-T G.711 mu-law, the PCMU codec of RTP payload type 0. */
public final class G711 {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int value = ~i & 0xFF;
            int exponent = (value >> 4) & 0x07;
            int mantissa = value & 0x0F;
            int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
            DECODE[i] = (short) ((value & 0x80) != 0 ? -magnitude : magnitude);
        }
    }

    private G711() {
    }

    public static short decode(byte mulaw) {
        return DECODE[mulaw & 0xFF];
    }

    public static byte encode(int linear) {
        int sign = (linear >> 8) & 0x80;
        int magnitude = Math.min(Math.abs(linear), CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
