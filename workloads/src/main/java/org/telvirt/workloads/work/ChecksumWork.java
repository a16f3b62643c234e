package org.telvirt.workloads.work;

import java.nio.ByteBuffer;

/**
 * Dom0's per-packet compute (netback's grant copy, bridging and checksums): rounds of the Internet checksum
 * (RFC 1071) over the datagram until the packet has cost the asked microseconds of the thread's CPU
 * ({@link CpuBudget}); {@link #passes} is the estimate from one pass measured at start. Reads the buffer in place
 * and allocates nothing.
 */
public final class ChecksumWork {
    private static final int CALIBRATION_DATAGRAM_BYTES = 172;

    private final double passMicros;
    private final CpuBudget budget;

    ChecksumWork(double workMicros, double passMicros) {
        this.passMicros = passMicros;
        this.budget = CpuBudget.of(workMicros, passMicros);
    }

    public static ChecksumWork calibrate(double workMicros) {
        if (workMicros <= 0) {
            return new ChecksumWork(0, 0);
        }
        ByteBuffer datagram = ByteBuffer.allocateDirect(CALIBRATION_DATAGRAM_BYTES);
        return new ChecksumWork(workMicros, CpuCalibration.passMicros(() -> checksum(datagram)));
    }

    public int passes() {
        return budget.estimatedPasses();
    }

    public double passMicros() {
        return passMicros;
    }

    /** Runs the work over the datagram between its position and limit; returns a checksum (so the JIT keeps the work). */
    public int apply(ByteBuffer datagram) {
        long start = budget.start();
        int sum = 0;
        for (int passesNow = budget.firstPasses(); ; passesNow = budget.topUpPasses()) {
            for (int i = 0; i < passesNow; i++) {
                sum += checksum(datagram);
            }
            if (budget.spent(start)) {
                return sum;
            }
        }
    }

    /** The RFC 1071 one's-complement sum of the datagram's 16-bit words. */
    static int checksum(ByteBuffer datagram) {
        long sum = 0;
        int end = datagram.limit();
        int i = datagram.position();
        for (; i + 1 < end; i += 2) {
            sum += datagram.getShort(i) & 0xffff;
        }
        if (i < end) {
            sum += (datagram.get(i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
