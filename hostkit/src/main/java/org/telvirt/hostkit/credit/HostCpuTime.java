package org.telvirt.hostkit.credit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's busy CPU time from {@code /proc/stat}, to tell the domains' share from everything else's. */
final class HostCpuTime {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** USER_HZ: the unit of /proc/stat on every Linux architecture the project runs on. */
    private static final long NANOS_PER_TICK = 10_000_000;

    private HostCpuTime() {
    }

    /** Busy time summed over all CPUs, in nanoseconds; 0 when /proc/stat cannot be read. */
    static long busyNanos() {
        try {
            return busyNanos(Files.readString(PROC_STAT));
        } catch (IOException unreadable) {
            return 0;
        }
    }

    /**
     * Parses the aggregate {@code cpu} line: user, nice, system, irq, softirq and steal are busy; idle and iowait are
     * not; guest time is already inside user and nice.
     */
    static long busyNanos(String procStat) {
        String line = procStat.lines().filter(each -> each.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no aggregate cpu line in /proc/stat"));
        String[] fields = line.trim().split("\\s+");
        long busyTicks = 0;
        int[] busyColumns = {1, 2, 3, 6, 7, 8};
        for (int column : busyColumns) {
            if (column < fields.length) {
                busyTicks += Long.parseLong(fields[column]);
            }
        }
        return busyTicks * NANOS_PER_TICK;
    }
}
