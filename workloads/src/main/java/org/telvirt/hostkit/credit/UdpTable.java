package org.telvirt.hostkit.credit;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Scans {@code /proc/net/udp} (or {@code udp6}) content for sockets of one domain, without allocating. Columns:
 * {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}.
 */
final class UdpTable {
    private static final int QUEUES_COLUMN = 4;
    private static final int INODE_COLUMN = 9;

    private UdpTable() {
    }

    /** True when one of the sockets (sorted inodes) has bytes in its receive queue. */
    static boolean anyQueued(ByteBuffer content, int length, long[] sortedInodes) {
        return scan(content, length, sortedInodes, true);
    }

    /** True when the table lists one of the sockets at all. */
    static boolean holdsAny(ByteBuffer content, int length, long[] sortedInodes) {
        return scan(content, length, sortedInodes, false);
    }

    private static boolean scan(ByteBuffer content, int length, long[] sortedInodes, boolean queuedOnly) {
        if (sortedInodes.length == 0) {
            return false;
        }
        int i = skipLine(content, 0, length);
        while (i < length) {
            int column = 0;
            long rxQueue = 0;
            long inode = 0;
            while (i < length && content.get(i) != '\n') {
                while (i < length && content.get(i) == ' ') {
                    i++;
                }
                int start = i;
                while (i < length && content.get(i) != ' ' && content.get(i) != '\n') {
                    i++;
                }
                if (column == QUEUES_COLUMN) {
                    rxQueue = parseHexAfterColon(content, start, i);
                } else if (column == INODE_COLUMN) {
                    inode = DomainProbe.parseLong(content, start, i);
                }
                if (i > start) {
                    column++;
                }
            }
            if ((!queuedOnly || rxQueue > 0) && Arrays.binarySearch(sortedInodes, inode) >= 0) {
                return true;
            }
            i++;
        }
        return false;
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
