package org.telvirt.workloads.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChecksumWorkTest {
    @Test
    void computesTheInternetChecksumOfRfc1071sExample() {
        // RFC 1071, section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d
        ByteBuffer words = ByteBuffer.wrap(new byte[] {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5,
                (byte) 0xf6, (byte) 0xf7});

        assertThat(ChecksumWork.checksum(words)).isEqualTo(0x220d);
    }

    @Test
    void padsAnOddLastByteWithZeroAndLeavesTheBufferAsItWas() {
        ByteBuffer odd = ByteBuffer.wrap(new byte[] {0x12, 0x34, 0x56});

        assertThat(ChecksumWork.checksum(odd)).isEqualTo(~(0x1234 + 0x5600) & 0xffff);
        assertThat(odd.position()).isZero();
        assertThat(odd.limit()).isEqualTo(3);
    }

    @Test
    void noWorkAskedMeansNoPasses() {
        assertThat(ChecksumWork.calibrate(0).passes()).isZero();
    }

    @Test
    void calibrationRepeatsThePassToReachTheAskedCpuTime() {
        ChecksumWork work = ChecksumWork.calibrate(20);

        assertThat(work.passMicros()).isPositive();
        assertThat(work.passes() * work.passMicros()).isBetween(10.0, 40.0);
    }

    @Test
    void aPacketCostsTheAskedCpuTimeEvenWhenPassesCostMoreThanMeasured() {
        // measured at 100 us a pass, an estimate of 2 passes; a real pass costs a fraction of a microsecond
        ChecksumWork work = new ChecksumWork(200, 100);
        ByteBuffer datagram = ByteBuffer.allocateDirect(172);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long start = threads.getCurrentThreadCpuTime();
        work.apply(datagram);
        long spentNanos = threads.getCurrentThreadCpuTime() - start;

        assertThat(work.passes()).isEqualTo(2);
        assertThat(spentNanos).isGreaterThanOrEqualTo(200_000);
    }
}
