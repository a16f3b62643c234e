package org.telvirt.workloads.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuBoundTest {
    @Test
    void computesForItsDutyCycleAndIdlesForTheRest() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CpuBound load = new CpuBound(1, 0.3, 10).start();
        TimeUnit.MILLISECONDS.sleep(200);
        long thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(CpuBound.THREAD_PREFIX + 0)).findFirst().orElseThrow().getId();
        long cpuBefore = threads.getThreadCpuTime(thread);
        long wallBefore = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(1000);
        double share = (threads.getThreadCpuTime(thread) - cpuBefore) / (double) (System.nanoTime() - wallBefore);
        load.close();

        CpuBound.Stats stats = load.stats();
        assertThat(stats.workUnits()).isPositive();
        assertThat(stats.threads()).isEqualTo(1);
        assertThat(share).as("CPU share of a 30 % duty cycle").isBetween(0.01, 0.6);
    }
}
