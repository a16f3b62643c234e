package org.telvirt.workloads.audio;

/**
 * Tone detection over one 20 ms G.711 frame: mu-law decode, then a Goertzel filter for each of the
 * eight DTMF frequencies. The media server runs it per packet as its stand-in for transcoding and
 * tone detection. One instance per thread: it keeps its sample buffer between calls.
 */
public final class DtmfDetector {
    public static final double SAMPLE_RATE_HZ = 8000;
    static final double[] ROW_HZ = {697, 770, 852, 941};
    static final double[] COLUMN_HZ = {1209, 1336, 1477, 1633};
    private static final char[][] KEYS = {
        {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}};
    /** A tone pair must carry this share of the frame's energy to count as a digit. */
    private static final double MIN_ENERGY_SHARE = 0.5;
    public static final char NO_DIGIT = 0;

    private final double[] rowCoefficients = coefficients(ROW_HZ);
    private final double[] columnCoefficients = coefficients(COLUMN_HZ);
    private final float[] samples;

    public DtmfDetector(int maxSamples) {
        samples = new float[maxSamples];
    }

    /** Decodes {@code length} mu-law bytes from {@code frame} at {@code offset} and returns the DTMF digit heard, or {@link #NO_DIGIT}. */
    public char detect(byte[] frame, int offset, int length) {
        double energy = 0;
        for (int i = 0; i < length; i++) {
            float sample = G711.decode(frame[offset + i]);
            samples[i] = sample;
            energy += (double) sample * sample;
        }
        int row = strongest(rowCoefficients, length);
        int column = strongest(columnCoefficients, length);
        double pairPower = power(rowCoefficients[row], length) + power(columnCoefficients[column], length);
        // A tone of amplitude a gives Goertzel power (N a / 2)^2; times 2 / N that is its energy N a^2 / 2.
        boolean heard = energy > 0 && pairPower * 2 / length >= MIN_ENERGY_SHARE * energy;
        return heard ? KEYS[row][column] : NO_DIGIT;
    }

    private int strongest(double[] coefficients, int length) {
        int best = 0;
        double bestPower = -1;
        for (int i = 0; i < coefficients.length; i++) {
            double power = power(coefficients[i], length);
            if (power > bestPower) {
                bestPower = power;
                best = i;
            }
        }
        return best;
    }

    private double power(double coefficient, int length) {
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < length; i++) {
            double current = samples[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    }

    private static double[] coefficients(double[] frequenciesHz) {
        double[] result = new double[frequenciesHz.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = 2 * Math.cos(2 * Math.PI * frequenciesHz[i] / SAMPLE_RATE_HZ);
        }
        return result;
    }

    /** {@code count} mu-law samples of the DTMF digit {@code key}, e.g. to fill a test payload. */
    public static byte[] tone(char key, int count, int amplitude) {
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                if (KEYS[row][column] == key) {
                    byte[] out = new byte[count];
                    for (int i = 0; i < count; i++) {
                        double t = i / SAMPLE_RATE_HZ;
                        double value = amplitude / 2.0 * (Math.sin(2 * Math.PI * ROW_HZ[row] * t)
                                + Math.sin(2 * Math.PI * COLUMN_HZ[column] * t));
                        out[i] = G711.encode((int) Math.round(value));
                    }
                    return out;
                }
            }
        }
        throw new IllegalArgumentException("not a DTMF key: " + key);
    }
}
