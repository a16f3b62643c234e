package org.telvirt.hostkit.credit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telvirt.hostkit.Freezer;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.hostkit.cgroup.CgroupPaths;
import org.telvirt.hostkit.cgroup.CgroupVersion;

/**
 * The enforcer's hands and eyes on one domain: its CPU time, its freezer and cpuset, its UDP sockets (whose
 * receive queues {@link UdpTable} reads) and the run state of its busy threads. Files stay open and are re-read
 * with {@code pread}, so the per-poll methods allocate nothing; {@link #refresh()} (every ~100 ms) looks processes,
 * sockets and threads up again and may allocate.
 */
final class DomainProbe implements AutoCloseable {
    /** A vCPU is a worker thread: a few of the busiest threads tell whether the domain has work. */
    private static final int MAX_SAMPLED_THREADS = 4;
    private static final byte[] V2_USAGE = "usage_usec ".getBytes(StandardCharsets.US_ASCII);

    private final CgroupPaths paths;
    private final FileChannel usage;
    private final FileChannel freeze;
    private final FileChannel cpus;
    private final FileChannel quota;
    private final ByteBuffer frozenValue;
    private final ByteBuffer thawedValue;
    private final ByteBuffer small = ByteBuffer.allocate(4096);

    /** Set by {@link #takeThreadTimes()}. */
    long runDeltaNanos;
    private long[] socketInodes = new long[0];
    private final Map<Long, Long> threadCpuTicks = new HashMap<>();
    private final Map<Long, SampledThread> sampled = new LinkedHashMap<>();

    DomainProbe(CgroupPaths paths) throws IOException {
        this.paths = paths;
        this.usage = FileChannel.open(paths.usageFile(), StandardOpenOption.READ);
        this.freeze = FileChannel.open(paths.freezeKnob(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.cpus = FileChannel.open(paths.cpusKnob(), StandardOpenOption.WRITE);
        this.quota = FileChannel.open(paths.quotaKnob(), StandardOpenOption.WRITE);
        this.frozenValue = ascii(Freezer.value(paths.freezeKnob(), true) + "\n");
        this.thawedValue = ascii(Freezer.value(paths.freezeKnob(), false) + "\n");
    }

    /** The domain's CPU time so far, in nanoseconds. */
    long usageNanos() throws IOException {
        int length = readInto(usage, small);
        if (paths.version() == CgroupVersion.V1) {
            return parseLong(small, 0, length);
        }
        int at = indexOf(small, length, V2_USAGE);
        return at < 0 ? 0 : parseLong(small, at + V2_USAGE.length, length) * 1_000;
    }

    void setFrozen(boolean frozen) throws IOException {
        write(freeze, frozen ? frozenValue : thawedValue);
    }

    /** Writes a CPU list such as {@code "0-1\n"} (see {@link #ascii}) to the domain's cpuset. */
    void setCpus(ByteBuffer cpuList) throws IOException {
        write(cpus, cpuList);
    }

    /** Writes a CFS quota line (see {@link CgroupPaths#quotaLine}). */
    void setQuota(ByteBuffer quotaLine) throws IOException {
        write(quota, quotaLine);
    }

    /** A value to write, allocated once and rewound for every write. */
    static ByteBuffer ascii(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** The domain's UDP sockets as sorted inodes, as of the last {@link #refresh()}. */
    long[] socketInodes() {
        return socketInodes;
    }

    boolean hasSockets() {
        return socketInodes.length > 0;
    }

    /** True when, at the table's last read, a datagram waited in the receive queue of one of the domain's sockets. */
    boolean datagramWaiting(UdpTable udp) {
        return udp.anyQueued(socketInodes);
    }

    /**
     * How many of the domain's working threads (ones that have used CPU) are running or waiting to run right now:
     * on a loaded machine a runnable thread may get no CPU for a while, and must not be taken for a blocked one.
     */
    int runnableThreads() {
        int runnable = 0;
        for (SampledThread thread : sampled.values()) {
            if (thread.isRunnable(small)) {
                runnable++;
            }
        }
        return runnable;
    }

    /**
     * Reads how long the working threads ran ({@link #runDeltaNanos}) since the last call.
     */
    void takeThreadTimes() {
        runDeltaNanos = 0;
        for (SampledThread thread : sampled.values()) {
            if (thread.read(small)) {
                runDeltaNanos += Math.max(0, thread.runNanos - thread.lastRunNanos);
                thread.lastRunNanos = thread.runNanos;
            }
        }
    }

    /** Looks up the domain's processes again: their UDP sockets, and the threads that have used CPU. */
    void refresh() throws IOException {
        List<Long> pids = ProcFs.pidsIn(paths.cpuacctDir());
        List<Long> inodes = new ArrayList<>();
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Path> busy = new LinkedHashMap<>();
        for (long pid : pids) {
            Path proc = Path.of("/proc", Long.toString(pid));
            collectSocketInodes(proc.resolve("fd"), inodes);
            collectBusyThreads(proc.resolve("task"), ticks, busy);
        }
        socketInodes = inodes.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        // the busiest just now first, then the ones busy before that are still alive (a frozen thread uses no CPU)
        for (Long tid : sampled.keySet()) {
            if (ticks.containsKey(tid)) {
                busy.putIfAbsent(tid, null);
            }
        }
        threadCpuTicks.clear();
        threadCpuTicks.putAll(ticks);
        Map<Long, SampledThread> kept = new LinkedHashMap<>();
        for (Map.Entry<Long, Path> thread : busy.entrySet()) {
            if (kept.size() == MAX_SAMPLED_THREADS) {
                break;
            }
            SampledThread known = sampled.remove(thread.getKey());
            if (known != null) {
                kept.put(thread.getKey(), known);
                continue;
            }
            try {
                kept.put(thread.getKey(), new SampledThread(thread.getValue(), small));
            } catch (IOException exited) {
                // the thread ended since it was listed
            }
        }
        for (SampledThread dropped : sampled.values()) {
            dropped.close();
        }
        sampled.clear();
        sampled.putAll(kept);
    }

    @Override
    public void close() throws IOException {
        for (SampledThread thread : sampled.values()) {
            thread.close();
        }
        usage.close();
        freeze.close();
        cpus.close();
        quota.close();
    }

    private static void collectSocketInodes(Path fdDir, List<Long> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while we listed
                }
            }
        } catch (IOException exited) {
            // the process ended while we listed
        }
    }

    private void collectBusyThreads(Path taskDir, Map<Long, Long> ticks, Map<Long, Path> busy) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                long cpu = cpuTicks(task.resolve("stat"));
                if (cpu < 0) {
                    continue;
                }
                long tid = Long.parseLong(task.getFileName().toString());
                ticks.put(tid, cpu);
                Long before = threadCpuTicks.get(tid);
                if (before == null ? cpu > 0 : cpu > before) {
                    busy.put(tid, task);
                }
            }
        } catch (IOException exited) {
            // the process ended while we listed
        }
    }

    /** utime + stime (fields 14 and 15 of a task's stat) in clock ticks, or -1 when the task has ended. */
    private long cpuTicks(Path stat) {
        int length;
        try (FileChannel channel = FileChannel.open(stat, StandardOpenOption.READ)) {
            length = readInto(channel, small);
        } catch (IOException ended) {
            return -1;
        }
        int i = length - 1;
        while (i > 0 && small.get(i) != ')') {
            i--;
        }
        // after ") " come fields 3, 4, ...: skip to field 14
        int field = 2;
        long utime = 0;
        for (i++; i < length && field < 15; i++) {
            if (small.get(i) == ' ') {
                field++;
                if (field == 14) {
                    utime = parseLong(small, i + 1, length);
                } else if (field == 15) {
                    return utime + parseLong(small, i + 1, length);
                }
            }
        }
        return -1;
    }

    private static void write(FileChannel channel, ByteBuffer value) throws IOException {
        value.rewind();
        channel.write(value, 0);
    }

    /** Reads the whole file from offset 0 into the buffer (kernel files regenerate their content on each read). */
    static int readInto(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int read;
        do {
            read = channel.read(buffer, buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        return buffer.position();
    }

    private static char stateOf(ByteBuffer stat, int length) {
        for (int i = length - 1; i > 0; i--) {
            if (stat.get(i) == ')') {
                return (char) stat.get(i + 2);
            }
        }
        return '?';
    }

    static long parseLong(ByteBuffer buffer, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = buffer.get(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static int indexOf(ByteBuffer buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One working thread: its stat (run state) and schedstat (time on CPU), kept open. */
    private static final class SampledThread implements AutoCloseable {
        final FileChannel stat;
        final FileChannel schedstat;
        long runNanos;
        long lastRunNanos;

        SampledThread(Path taskDir, ByteBuffer scratch) throws IOException {
            this.stat = FileChannel.open(taskDir.resolve("stat"), StandardOpenOption.READ);
            this.schedstat = FileChannel.open(taskDir.resolve("schedstat"), StandardOpenOption.READ);
            read(scratch);
            lastRunNanos = runNanos;
        }

        /** Running or waiting to run; false once the thread has ended (its files then fail with ESRCH). */
        boolean isRunnable(ByteBuffer scratch) {
            try {
                int length = readInto(stat, scratch);
                return length > 0 && stateOf(scratch, length) == 'R';
            } catch (IOException ended) {
                return false;
            }
        }

        /** {@code schedstat}'s first field, nanoseconds on the CPU; false once the thread has ended. */
        boolean read(ByteBuffer scratch) {
            try {
                runNanos = parseLong(scratch, 0, readInto(schedstat, scratch));
                return true;
            } catch (IOException ended) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            stat.close();
            schedstat.close();
        }
    }
}
