package org.telvirt.hostkit.credit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receive queues of the UDP sockets in this network namespace ({@code /proc/net/udp} and {@code udp6}), read
 * once per poll for every domain: reading a table walks the kernel's whole UDP hash (tens of microseconds), so a read
 * per domain would multiply the scheduler's own cost. The domains run in the enforcer's namespace. Allocates nothing
 * per read. Columns: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode}.
 */
final class UdpTable implements AutoCloseable {
    private static final int QUEUES_COLUMN = 4;
    private static final int INODE_COLUMN = 9;
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private final List<FileChannel> tables = new ArrayList<>();
    private final boolean[] watched = new boolean[TABLES.size()];
    private final ByteBuffer content = ByteBuffer.allocate(1 << 20);
    private long[] queuedInodes = new long[64];
    private int queuedCount;

    UdpTable() throws IOException {
        for (Path table : TABLES) {
            if (Files.exists(table)) {
                tables.add(FileChannel.open(table, StandardOpenOption.READ));
            }
        }
    }

    /**
     * Watches only the tables (IPv4, IPv6) that list one of these sockets: each table read walks the whole hash, so
     * a table with none of the domains' sockets is not read at every poll.
     */
    void watchTablesHolding(List<long[]> sortedInodeSets) throws IOException {
        for (int t = 0; t < tables.size(); t++) {
            int length = DomainProbe.readInto(tables.get(t), content);
            watched[t] = false;
            for (long[] inodes : sortedInodeSets) {
                watched[t] |= holdsAny(content, length, inodes);
            }
        }
    }

    /** Reads which sockets of the watched tables have datagrams waiting now. */
    void read() throws IOException {
        queuedCount = 0;
        for (int t = 0; t < tables.size(); t++) {
            if (watched[t]) {
                collectQueued(content, DomainProbe.readInto(tables.get(t), content));
            }
        }
    }

    /** True when, at the last {@link #read}, one of the sockets (sorted inodes) had bytes in its receive queue. */
    boolean anyQueued(long[] sortedInodes) {
        for (int i = 0; i < queuedCount; i++) {
            if (Arrays.binarySearch(sortedInodes, queuedInodes[i]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds the inodes of the table's sockets with a non-empty receive queue. */
    void collectQueued(ByteBuffer table, int length) {
        scan(table, length, null);
    }

    /** True when the table lists one of the sockets (sorted inodes) at all. */
    boolean holdsAny(ByteBuffer table, int length, long[] sortedInodes) {
        return scan(table, length, sortedInodes);
    }

    /**
     * Walks the table's lines: with {@code lookFor}, answers whether one of those sockets is listed; without, collects
     * the sockets whose receive queue is not empty.
     */
    private boolean scan(ByteBuffer table, int length, long[] lookFor) {
        int i = skipLine(table, 0, length);
        while (i < length) {
            int column = 0;
            long rxQueue = 0;
            long inode = 0;
            while (i < length && table.get(i) != '\n') {
                while (i < length && table.get(i) == ' ') {
                    i++;
                }
                int start = i;
                while (i < length && table.get(i) != ' ' && table.get(i) != '\n') {
                    i++;
                }
                if (column == QUEUES_COLUMN) {
                    rxQueue = parseHexAfterColon(table, start, i);
                } else if (column == INODE_COLUMN) {
                    inode = DomainProbe.parseLong(table, start, i);
                }
                if (i > start) {
                    column++;
                }
            }
            if (lookFor != null) {
                if (Arrays.binarySearch(lookFor, inode) >= 0) {
                    return true;
                }
            } else if (rxQueue > 0) {
                if (queuedCount == queuedInodes.length) {
                    queuedInodes = Arrays.copyOf(queuedInodes, queuedCount * 2);
                }
                queuedInodes[queuedCount++] = inode;
            }
            i++;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        for (FileChannel table : tables) {
            table.close();
        }
    }

    private static long parseHexAfterColon(ByteBuffer content, int from, int to) {
        long value = 0;
        boolean afterColon = false;
        for (int i = from; i < to; i++) {
            byte b = content.get(i);
            if (b == ':') {
                afterColon = true;
            } else if (afterColon) {
                value = value * 16 + Character.digit(b, 16);
            }
        }
        return value;
    }

    private static int skipLine(ByteBuffer content, int from, int length) {
        int i = from;
        while (i < length && content.get(i) != '\n') {
            i++;
        }
        return i + 1;
    }
}
