package org.telvirt.host;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reading of the per-CPU lines of {@code /proc/stat}: for each CPU online at that moment, the time it spent in
 * each state since boot. The aggregate {@code cpu} line is not used: it keeps counting offline CPUs' frozen idle
 * time, which jumps when a CPU goes on- or offline.
 */
public final class ProcStat {
    /**
     * What one tick of {@code /proc/stat} is: the kernel counts in USER_HZ, fixed at 100 for user space whatever its
     * own HZ.
     */
    public static final long MILLIS_PER_TICK = 10;
    /** user, nice, system, idle, iowait, irq, softirq, steal: every state a CPU's time is in, each counted once. */
    static final int STATES = 8;
    /** The index of {@code steal} among {@link #STATES}: time the hypervisor ran something else on a runnable vCPU. */
    static final int STEAL = 7;

    private final Map<Integer, long[]> ticksByCpu;

    private ProcStat(Map<Integer, long[]> ticksByCpu) {
        this.ticksByCpu = Collections.unmodifiableMap(ticksByCpu);
    }

    /**
     * Reads the {@code cpuN} lines of {@code /proc/stat}'s text; the guest columns after steal are left out, as
     * user and nice already hold them.
     *
     * @throws IllegalArgumentException when there is no {@code cpuN} line, or one without a steal column (a kernel
     *     older than 2.6.11) or with a field that is not a count
     */
    public static ProcStat parse(String text) {
        Map<Integer, long[]> ticksByCpu = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("cpu") || line.length() < 4 || !Character.isDigit(line.charAt(3))) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 1 + STATES) {
                throw new IllegalArgumentException("/proc/stat line without a steal column: '" + line + "'");
            }
            long[] ticks = new long[STATES];
            try {
                int cpu = Integer.parseInt(fields[0].substring(3));
                for (int state = 0; state < STATES; state++) {
                    ticks[state] = Long.parseUnsignedLong(fields[1 + state]);
                }
                ticksByCpu.put(cpu, ticks);
            } catch (NumberFormatException notACount) {
                throw new IllegalArgumentException("/proc/stat line with a field that is not a count: '" + line + "'",
                        notACount);
            }
        }
        if (ticksByCpu.isEmpty()) {
            throw new IllegalArgumentException("no per-CPU line in /proc/stat: '" + text.lines().findFirst()
                    .orElse("") + "'");
        }
        return new ProcStat(ticksByCpu);
    }

    /** The CPUs online when this was read, each with its ticks per state. */
    Map<Integer, long[]> ticksByCpu() {
        return ticksByCpu;
    }

    /**
     * How many ticks a counter advanced from {@code before} to {@code after}, both read as the kernel's unsigned
     * 64-bit counts. A counter that is lower than before (iowait can go back, proc(5) says; a CPU that went off- and
     * online; a wrap) advanced by nothing that can be told apart, so it counts 0: steal is never invented.
     */
    static long advancedTicks(long before, long after) {
        return Long.compareUnsigned(after, before) >= 0 ? after - before : 0;
    }
}
