package org.telvirt.workloads.work;

import org.telvirt.workloads.audio.DtmfDetector;

/**
 * The per-packet compute of the media server: {@code passes} rounds of G.711 decode and DTMF
 * detection over the packet's payload, with the pass count calibrated once so that a packet costs
 * about the asked number of microseconds of CPU.
 */
public final class MediaWork {
    private static final int FRAME_BYTES = 160;

    private final int passes;
    private final double passMicros;

    private MediaWork(int passes, double passMicros) {
        this.passes = passes;
        this.passMicros = passMicros;
    }

    public static MediaWork calibrate(double workMicros) {
        if (workMicros <= 0) {
            return new MediaWork(0, 0);
        }
        DtmfDetector detector = new DtmfDetector(FRAME_BYTES);
        byte[] frame = DtmfDetector.tone('5', FRAME_BYTES, 8000);
        double passMicros = CpuCalibration.passMicros(() -> detector.detect(frame, 0, frame.length));
        return new MediaWork(CpuCalibration.passesFor(workMicros, passMicros), passMicros);
    }

    public int passes() {
        return passes;
    }

    public double passMicros() {
        return passMicros;
    }

    /** Runs the work over one frame; returns the digit heard (so the JIT cannot drop the work). */
    public char apply(DtmfDetector detector, byte[] frame, int offset, int length) {
        char digit = DtmfDetector.NO_DIGIT;
        for (int i = 0; i < passes; i++) {
            digit = detector.detect(frame, offset, length);
        }
        return digit;
    }
}
