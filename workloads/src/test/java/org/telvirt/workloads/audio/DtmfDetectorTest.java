package org.telvirt.workloads.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfDetectorTest {
    @Test
    void decodesMuLawAsG711Specifies() {
        assertThat(G711.decode((byte) 0xFF)).isZero();
        assertThat(G711.decode((byte) 0x7F)).isZero();
        assertThat(G711.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.decode((byte) 0xF0)).isEqualTo((short) 120);
    }

    @Test
    void encodingThenDecodingStaysWithinTheQuantisationStep() {
        for (int linear = -32000; linear <= 32000; linear += 7) {
            int decoded = G711.decode(G711.encode(linear));
            assertThat(Math.abs(decoded - linear)).as("sample %d", linear)
                    .isLessThanOrEqualTo(Math.max(16, Math.abs(linear) / 16));
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'})
    void hearsEveryDtmfKey(char key) {
        byte[] frame = DtmfDetector.tone(key, 160, 8000);
        assertThat(new DtmfDetector(160).detect(frame, 0, frame.length)).isEqualTo(key);
    }

    @Test
    void hearsNothingInSilenceOrASingleTone() {
        byte[] silence = new byte[160];
        java.util.Arrays.fill(silence, (byte) 0xFF);
        byte[] single = new byte[160];
        for (int i = 0; i < single.length; i++) {
            single[i] = G711.encode((int) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0)));
        }
        DtmfDetector detector = new DtmfDetector(160);
        assertThat(detector.detect(silence, 0, 160)).isEqualTo(DtmfDetector.NO_DIGIT);
        assertThat(detector.detect(single, 0, 160)).isEqualTo(DtmfDetector.NO_DIGIT);
    }
}
