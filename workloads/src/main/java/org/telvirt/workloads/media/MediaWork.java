package org.telvirt.workloads.media;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The per-packet compute of the media server: {@code passes} rounds of G.711 decode and DTMF
 * detection over the packet's payload, with the pass count calibrated once so that a packet costs
 * about the asked number of microseconds of CPU. Calibrating on thread CPU time keeps it right when
 * the calibrating thread is preempted, e.g. inside a capped cgroup.
 */
public final class MediaWork {
    private static final int CALIBRATION_FRAME_BYTES = 160;
    private static final long WARM_UP_PASSES = 20_000;
    private static final long CALIBRATION_CPU_NANOS = 100_000_000;

    /** Keeps the calibration's results observable, so the JIT must compute them. */
    @SuppressWarnings("unused")
    private static volatile int calibrationResult;

    private final int passes;
    private final double passMicros;

    private MediaWork(int passes, double passMicros) {
        this.passes = passes;
        this.passMicros = passMicros;
    }

    public static MediaWork none() {
        return new MediaWork(0, 0);
    }

    /** Measures one pass on this machine and derives the passes that make {@code workMicros}. */
    public static MediaWork calibrate(double workMicros) {
        if (workMicros <= 0) {
            return none();
        }
        DtmfDetector detector = new DtmfDetector(CALIBRATION_FRAME_BYTES);
        byte[] frame = DtmfDetector.tone('5', CALIBRATION_FRAME_BYTES, 8000);
        int sink = 0;
        for (long i = 0; i < WARM_UP_PASSES; i++) {
            sink += detector.detect(frame, 0, frame.length);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long done = 0;
        long cpuUsed;
        do {
            for (int i = 0; i < 1000; i++) {
                sink += detector.detect(frame, 0, frame.length);
            }
            done += 1000;
            cpuUsed = threads.getCurrentThreadCpuTime() - cpuStart;
        } while (cpuUsed < CALIBRATION_CPU_NANOS);
        calibrationResult = sink;
        double passMicros = cpuUsed / 1000.0 / done;
        return new MediaWork((int) Math.max(1, Math.round(workMicros / passMicros)), passMicros);
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
