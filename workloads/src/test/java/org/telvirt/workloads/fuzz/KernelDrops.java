package org.telvirt.workloads.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the kernel dropped on the run's own sockets: the {@code drops} column of {@code /proc/net/udp}
 * for every socket bound or connected to one of the watched ports, polled while the run lasts (a
 * socket's counter goes with it). Zero means every datagram sent on the path reached its program,
 * so the programs' counts must add up exactly; on a machine busy enough to overflow a socket
 * buffer they can only be bounds.
 */
final class KernelDrops implements AutoCloseable {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    private static final int INODE = 9;
    private static final int DROPS = 12;

    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> dropsBySocket = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean polling = true;

    KernelDrops() {
        poller = new Thread(() -> {
            while (polling) {
                poll();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }, "kernel-drops");
        poller.setDaemon(true);
        poller.start();
    }

    void watch(int port) {
        ports.add(port);
    }

    /** Datagrams the kernel dropped on the watched sockets so far. */
    long total() {
        poll();
        return dropsBySocket.values().stream().mapToLong(Long::longValue).sum();
    }

    private void poll() {
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException unreadable) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > DROPS && (ports.contains(port(columns[LOCAL])) || ports.contains(port(columns[REMOTE])))) {
                    dropsBySocket.merge(Long.parseLong(columns[INODE]), Long.parseLong(columns[DROPS]), Math::max);
                }
            }
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    @Override
    public void close() throws InterruptedException {
        polling = false;
        poller.interrupt();
        poller.join();
    }
}
