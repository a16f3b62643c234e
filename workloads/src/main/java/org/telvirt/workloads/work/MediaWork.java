package org.telvirt.workloads.work;

import org.telvirt.workloads.audio.DtmfDetector;

/**
 * The per-packet compute of the media server: rounds of G.711 decode and DTMF detection over the packet's payload
 * until the packet has cost the asked microseconds of the thread's CPU ({@link CpuBudget}); {@link #passes} is the
 * estimate from one pass measured at start.
 */
public final class MediaWork {
    private static final int FRAME_BYTES = 160;

    private final double passMicros;
    private final CpuBudget budget;

    private MediaWork(double workMicros, double passMicros) {
        this.passMicros = passMicros;
        this.budget = CpuBudget.of(workMicros, passMicros);
    }

    public static MediaWork calibrate(double workMicros) {
        if (workMicros <= 0) {
            return new MediaWork(0, 0);
        }
        DtmfDetector detector = new DtmfDetector(FRAME_BYTES);
        byte[] frame = DtmfDetector.tone('5', FRAME_BYTES, 8000);
        return new MediaWork(workMicros, CpuCalibration.passMicros(() -> detector.detect(frame, 0, frame.length)));
    }

    public int passes() {
        return budget.estimatedPasses();
    }

    public double passMicros() {
        return passMicros;
    }

    /** Runs the work over one frame; returns the digit heard (so the JIT cannot drop the work). */
    public char apply(DtmfDetector detector, byte[] frame, int offset, int length) {
        long start = budget.start();
        char digit = DtmfDetector.NO_DIGIT;
        for (int passesNow = budget.firstPasses(); ; passesNow = budget.topUpPasses()) {
            for (int i = 0; i < passesNow; i++) {
                digit = detector.detect(frame, offset, length);
            }
            if (budget.spent(start)) {
                return digit;
            }
        }
    }
}
