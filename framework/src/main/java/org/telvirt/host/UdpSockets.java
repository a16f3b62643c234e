package org.telvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.telvirt.HostException;

/** Reads the kernel's UDP socket table, to see when a program has bound its port. */
final class UdpSockets {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private UdpSockets() {
    }

    static boolean isBound(int port) {
        String localPort = String.format(Locale.ROOT, ":%04X ", port);
        for (Path table : TABLES) {
            try (var lines = Files.lines(table)) {
                if (lines.skip(1).anyMatch(line -> localAddressOf(line).endsWith(localPort))) {
                    return true;
                }
            } catch (IOException unreadable) {
                throw new HostException("cannot read " + table + ": " + unreadable.getMessage(), unreadable);
            }
        }
        return false;
    }

    /** The {@code local_address} column with a trailing space, e.g. {@code 0100007F:1F90 }. */
    private static String localAddressOf(String line) {
        String[] columns = line.trim().split("\\s+");
        return columns.length > 1 ? columns[1] + " " : "";
    }
}
