package org.telvirt.workloads.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Real-time priority for a program's hot threads alone. A whole JVM started under {@code chrt} also runs its
 * start-up and JIT compiler threads at that priority, and for its first second or two those take whole CPUs from
 * everything the program measures; raised by name, only the threads a program names (those that wait for packets, and
 * what they in turn wait on) preempt.
 */
public final class RealTimeThreads {
    /** SCHED_FIFO's highest priority on Linux. */
    public static final int MAX_PRIORITY = 99;
    private static final int ATTEMPTS = 100;
    private static final long ATTEMPT_MILLIS = 10;

    private RealTimeThreads() {
    }

    /**
     * Makes this JVM's threads named in {@code names} (every thread of a name several share) SCHED_FIFO at
     * {@code priority}, waiting up to a second for threads just started to take their names.
     */
    public static void raise(Set<String> names, int priority) throws IOException, InterruptedException {
        Set<String> left = new HashSet<>(names);
        Set<String> raised = new HashSet<>();
        for (int attempt = 0; attempt < ATTEMPTS && !left.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(ATTEMPT_MILLIS);
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    String threadId = task.getFileName().toString();
                    String name = threadName(task);
                    if (names.contains(name) && raised.add(threadId)) {
                        chrt(threadId, priority);
                        left.remove(name);
                    }
                }
            }
        }
        if (!left.isEmpty()) {
            throw new IOException("threads " + left + " did not start within " + ATTEMPTS * ATTEMPT_MILLIS + " ms");
        }
    }

    private static String threadName(Path task) throws IOException {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (NoSuchFileException ended) {
            return "";
        }
    }

    private static void chrt(String threadId, int priority) throws IOException, InterruptedException {
        Process chrt = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), threadId)
                .redirectErrorStream(true).start();
        String output = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (chrt.waitFor() != 0) {
            throw new IOException("chrt -f -p " + priority + " " + threadId + " failed (needs root or CAP_SYS_NICE): "
                    + output);
        }
    }
}
