package org.telvirt.quality;

import java.math.BigDecimal;

/**
 * The ITU-T G.107 (06/2015) E-model, narrowband, for a G.711 call over the measured path: the rating R and the
 * MOS a caller would give, from the delay, loss and loss pattern telvirt measures. Every input the measurement
 * cannot give keeps the default value of G.107 Table 3 (echo, loudness, noise, sidetone), so R is 93.2 for a
 * perfect path, and the advantage factor A is 0: a wired enterprise phone earns no allowance.
 *
 * <p>The codec is G.711 with packet loss concealment (G.711 Appendix I, as every IP phone has): Ie = 0 and
 * Bpl = 25.1, G.113 Appendix I. Without concealment Bpl would be 4.3, and 1 % loss would cost R 17.9 instead of 3.6.
 *
 * <p>Delay enters as the mouth-to-ear delay Ta; the talker-echo path delay T is taken equal to it and the
 * listener-echo round trip Tr as twice it, as for a 4-wire VoIP path with G.107's default echo loss.
 */
public final class EModel {
    /** G.711's equipment impairment factor Ie: none (G.113 Appendix I). */
    public static final double G711_EQUIPMENT_IMPAIRMENT = 0;
    /** G.711 with packet loss concealment, random loss: the packet-loss robustness factor Bpl (G.113 Appendix I). */
    public static final double G711_PLC_LOSS_ROBUSTNESS = 25.1;
    /** The MOS of R 100 and above (G.107 Annex B): no narrowband call rates higher. */
    public static final double MAX_MOS = 4.5;
    /** The MOS of R 0 and below. */
    public static final double MIN_MOS = 1;

    // G.107 Table 3 defaults, in dB unless named otherwise; Dr is left out: the narrowband model does not use it.
    /**
     * The jitter buffer assumed in front of the E-model, in multiples of the mean RFC 3550 jitter: a common sizing
     * that holds back most late packets. Its depth adds to the delay a caller hears.
     */
    public static final double JITTER_BUFFER_JITTERS = 2;
    /** How a run's MOS comes about, in one line for the reports that show it beside the number. */
    public static final String ASSUMPTIONS = "MOS: ITU-T G.107 E-model, G.711 with PLC (Ie "
            + plain(G711_EQUIPMENT_IMPAIRMENT) + ", Bpl " + plain(G711_PLC_LOSS_ROBUSTNESS)
            + "), delay = mean round trip / 2 + jitter buffer of " + plain(JITTER_BUFFER_JITTERS)
            + " x mean jitter, BurstR from the loss bursts, other inputs G.107's defaults";

    private static final double SEND_LOUDNESS_RATING = 8;
    private static final double RECEIVE_LOUDNESS_RATING = 2;
    private static final double SIDETONE_MASKING_RATING = 15;
    private static final double LISTENER_SIDETONE_RATING = 18;
    private static final double SEND_SIDE_D_FACTOR = 3;
    private static final double TALKER_ECHO_LOUDNESS_RATING = 65;
    private static final double WEIGHTED_ECHO_PATH_LOSS = 110;
    private static final double QUANTIZING_DISTORTION_UNITS = 1;
    private static final double CIRCUIT_NOISE_DBM0P = -70;
    private static final double NOISE_FLOOR_DBMP = -64;
    private static final double SEND_ROOM_NOISE_DBA = 35;
    private static final double RECEIVE_ROOM_NOISE_DBA = 35;
    private static final double ADVANTAGE_FACTOR = 0;
    /** G.107 Table 1, mT and sT: a conversation's default delay sensitivity. */
    private static final double MINIMUM_PERCEIVABLE_DELAY_MILLIS = 100;
    private static final double DELAY_SENSITIVITY = 1;

    /** No of G.107 clause 7.2: every noise source added, in dBm0p. */
    private static final double NOISE = totalNoise();
    /** Ro, clause 7.2: the basic signal-to-noise ratio. */
    static final double BASIC_SIGNAL_TO_NOISE = 15 - 1.5 * (SEND_LOUDNESS_RATING + NOISE);
    /** Is, clause 7.3: loudness, sidetone and quantizing impairments, none of them measured here. */
    static final double SIMULTANEOUS_IMPAIRMENT = simultaneousImpairment();

    private EModel() {
    }

    /**
     * The transmission rating R (G.107 clause 7.1): {@code Ro - Is - Id - Ie,eff + A}.
     *
     * @param mouthToEarDelayMillis Ta, one way
     * @param lossPercent Ppl, packets lost in percent of those sent
     * @param burstRatio BurstR, 1 for random loss, above 1 for bursty loss ({@link #burstRatio})
     */
    public static double rFactor(double mouthToEarDelayMillis, double lossPercent, double burstRatio) {
        return BASIC_SIGNAL_TO_NOISE - SIMULTANEOUS_IMPAIRMENT - delayImpairment(mouthToEarDelayMillis)
                - effectiveEquipmentImpairment(G711_PLC_LOSS_ROBUSTNESS, lossPercent, burstRatio) + ADVANTAGE_FACTOR;
    }

    /** The MOS (conversational quality, estimated) of a rating R, G.107 Annex B: 1 to {@value #MAX_MOS}. */
    public static double mos(double rFactor) {
        if (rFactor <= 0) {
            return MIN_MOS;
        }
        if (rFactor >= 100) {
            return MAX_MOS;
        }
        return 1 + 0.035 * rFactor + rFactor * (rFactor - 60) * (100 - rFactor) * 7e-6;
    }

    /**
     * BurstR (G.107 clause 7.5): the mean length of the loss bursts observed over the mean length random loss of the
     * same rate would give, {@code 1 / (1 - loss)}. Never below 1: G.107 defines it for random (1) and bursty (above 1)
     * loss only, and loss spread more evenly than random would otherwise be scored better than random loss.
     *
     * @param lossBursts runs of consecutive lost packets among {@code packetsLost}
     */
    public static double burstRatio(long packetsSent, long packetsLost, long lossBursts) {
        if (packetsLost == 0 || lossBursts == 0 || packetsSent == 0) {
            return 1;
        }
        double meanBurst = (double) packetsLost / lossBursts;
        double meanRandomBurst = 1 / (1 - (double) packetsLost / packetsSent);
        return Math.max(1, meanBurst / meanRandomBurst);
    }

    /**
     * Id, G.107 clause 7.4: talker echo (Idte), listener echo (Idle) and the delay itself (Idd), with the echo path
     * delay T = Ta and the listener-echo round trip Tr = 2 Ta.
     */
    static double delayImpairment(double mouthToEarDelayMillis) {
        double ta = mouthToEarDelayMillis;
        return talkerEchoImpairment(ta) + listenerEchoImpairment(2 * ta) + absoluteDelayImpairment(ta);
    }

    /** Idte. Below 1 ms there is no echo to hear (G.107's own reference implementation sets it to 0 there). */
    static double talkerEchoImpairment(double echoPathDelayMillis) {
        double t = echoPathDelayMillis;
        if (t < 1) {
            return 0;
        }
        double echoLoudness = TALKER_ECHO_LOUDNESS_RATING - 40 * Math.log10((1 + t / 10) / (1 + t / 150))
                + 6 * Math.exp(-0.3 * t * t);
        double echoRating = 80 + 2.5 * (echoLoudness - 14);
        double echoFreeRating = -1.5 * (NOISE - RECEIVE_LOUDNESS_RATING);
        double difference = echoFreeRating - echoRating;
        // the sidetone terms G.107 adds for STMR below 9 or above 20 dB do not apply at the default STMR of 15
        return (difference / 2 + Math.sqrt(difference * difference / 4 + 100) - 1) * (1 - Math.exp(-t));
    }

    /** Idle. */
    static double listenerEchoImpairment(double roundTripMillis) {
        double listenerEchoRating = 10.5 * (WEIGHTED_ECHO_PATH_LOSS + 7) * Math.pow(roundTripMillis + 1, -0.25);
        double difference = BASIC_SIGNAL_TO_NOISE - listenerEchoRating;
        return difference / 2 + Math.sqrt(difference * difference / 4 + 169);
    }

    /** Idd: nothing up to mT (100 ms), then growing with the doublings of the delay beyond it. */
    static double absoluteDelayImpairment(double mouthToEarDelayMillis) {
        if (mouthToEarDelayMillis <= MINIMUM_PERCEIVABLE_DELAY_MILLIS) {
            return 0;
        }
        double doublings = Math.log10(mouthToEarDelayMillis / MINIMUM_PERCEIVABLE_DELAY_MILLIS) / Math.log10(2);
        double power = 6 * DELAY_SENSITIVITY;
        return 25 * (Math.pow(1 + Math.pow(doublings, power), 1 / power)
                - 3 * Math.pow(1 + Math.pow(doublings / 3, power), 1 / power) + 2);
    }

    /** Ie,eff, G.107 clause 7.5: {@code Ie + (95 - Ie) Ppl / (Ppl / BurstR + Bpl)} for G.711. */
    static double effectiveEquipmentImpairment(double lossRobustness, double lossPercent, double burstRatio) {
        double ie = G711_EQUIPMENT_IMPAIRMENT;
        return ie + (95 - ie) * lossPercent / (lossPercent / burstRatio + lossRobustness);
    }

    private static double totalNoise() {
        double overallLoudness = SEND_LOUDNESS_RATING + RECEIVE_LOUDNESS_RATING;
        double sendRoomNoise = SEND_ROOM_NOISE_DBA - SEND_LOUDNESS_RATING - SEND_SIDE_D_FACTOR - 100
                + 0.004 * Math.pow(SEND_ROOM_NOISE_DBA - overallLoudness - SEND_SIDE_D_FACTOR - 14, 2);
        double receiveRoomNoise = RECEIVE_ROOM_NOISE_DBA
                + 10 * Math.log10(1 + Math.pow(10, (10 - LISTENER_SIDETONE_RATING) / 10));
        double receiveNoise = RECEIVE_LOUDNESS_RATING - 121 + receiveRoomNoise
                + 0.008 * Math.pow(receiveRoomNoise - 35, 2);
        double noiseFloor = NOISE_FLOOR_DBMP + RECEIVE_LOUDNESS_RATING;
        return 10 * Math.log10(Math.pow(10, CIRCUIT_NOISE_DBM0P / 10) + Math.pow(10, sendRoomNoise / 10)
                + Math.pow(10, receiveNoise / 10) + Math.pow(10, noiseFloor / 10));
    }

    private static double simultaneousImpairment() {
        double overallLoudness = SEND_LOUDNESS_RATING + RECEIVE_LOUDNESS_RATING;
        double x = overallLoudness + 0.2 * (64 + NOISE - RECEIVE_LOUDNESS_RATING);
        double loudnessImpairment = 20 * (Math.pow(1 + Math.pow(x / 8, 8), 1.0 / 8) - x / 8);
        // STMRo at an echo path delay T of 0: its echo term is 50 dB below the sidetone at the default TELR, so Is
        // does not move with the delay
        double sidetone = -10 * Math.log10(Math.pow(10, -SIDETONE_MASKING_RATING / 10)
                + Math.pow(10, -TALKER_ECHO_LOUDNESS_RATING / 10));
        double sidetoneImpairment = 12 * Math.pow(1 + Math.pow((sidetone - 13) / 6, 8), 1.0 / 8)
                - 28 * Math.pow(1 + Math.pow((sidetone + 1) / 19.4, 35), 1.0 / 35)
                - 13 * Math.pow(1 + Math.pow((sidetone - 3) / 33, 13), 1.0 / 13) + 29;
        double q = 37 - 15 * Math.log10(QUANTIZING_DISTORTION_UNITS);
        double g = 1.07 + 0.258 * q + 0.0602 * q * q;
        double y = (BASIC_SIGNAL_TO_NOISE - 100) / 15 + 46 / 8.4 - g / 9;
        double z = 46.0 / 30 - g / 40;
        double quantizingImpairment = 15 * Math.log10(1 + Math.pow(10, y) + Math.pow(10, z));
        return loudnessImpairment + sidetoneImpairment + quantizingImpairment;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
