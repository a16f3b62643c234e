package org.telvirt.host.emulated;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.telvirt.HostException;

/**
 * What the domains' programs hold in their UDP sockets' receive queues, from {@code /proc/<pid>/fd} (which sockets
 * are theirs) and {@code /proc/net/udp}, {@code udp6} (how much each holds).
 */
final class GuestSockets {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int QUEUES_COLUMN = 4;
    private static final int INODE_COLUMN = 9;
    private static final long POLL_MILLIS = 5;

    private GuestSockets() {
    }

    /** Waits until the programs' sockets hold nothing, at most {@code limit}; returns the bytes still held (0: empty). */
    static long awaitEmpty(List<Long> pids, Duration limit) throws IOException {
        Set<String> inodes = socketInodes(pids);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long held = queuedBytes(inodes);
            if (held == 0 || System.nanoTime() > deadline) {
                return held;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new HostException("interrupted while the guests' sockets drained");
            }
        }
    }

    private static Set<String> socketInodes(List<Long> pids) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException closedMeanwhile) {
                        continue;
                    }
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                }
            } catch (java.nio.file.NoSuchFileException exited) {
                // a program that has exited holds no socket; the caller learns of its exit from its process
            }
        }
        return inodes;
    }

    private static long queuedBytes(Set<String> inodes) throws IOException {
        long held = 0;
        for (Path table : TABLES) {
            if (!Files.exists(table)) {
                continue;
            }
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > INODE_COLUMN && inodes.contains(columns[INODE_COLUMN])) {
                    String queues = columns[QUEUES_COLUMN];
                    held += Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
                }
            }
        }
        return held;
    }
}
