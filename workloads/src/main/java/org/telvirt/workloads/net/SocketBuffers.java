package org.telvirt.workloads.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Asks for big socket buffers and says so, once per program, when the kernel caps them
 * ({@code net.core.rmem_max} / {@code wmem_max}); the programs never change sysctls themselves.
 */
public final class SocketBuffers {
    public static final int DEFAULT_BYTES = 4 << 20;

    private final int requestedBytes;
    private final PrintStream warnings;
    private boolean warned;

    public SocketBuffers(int requestedBytes, PrintStream warnings) {
        this.requestedBytes = requestedBytes;
        this.warnings = warnings;
    }

    public int requestedBytes() {
        return requestedBytes;
    }

    public void apply(NetworkChannel channel) throws IOException {
        apply(channel, StandardSocketOptions.SO_RCVBUF, "net.core.rmem_max");
        apply(channel, StandardSocketOptions.SO_SNDBUF, "net.core.wmem_max");
    }

    /** For sockets this program does not open itself (Netty's): compares the request with the kernel's limits. */
    public void warnIfCapped() {
        warnIfCapped("SO_RCVBUF", "net.core.rmem_max");
        warnIfCapped("SO_SNDBUF", "net.core.wmem_max");
    }

    private void warnIfCapped(String option, String sysctl) {
        OptionalLong kernelMax = kernelLimit(sysctl);
        if (kernelMax.isPresent() && kernelMax.getAsLong() < requestedBytes) {
            warnOnce(option + " asked " + requestedBytes + " bytes, kernel allows " + kernelMax.getAsLong() + " ("
                    + sysctl + "); raise " + sysctl + " for bigger buffers");
        }
    }

    private void apply(NetworkChannel channel, SocketOption<Integer> option, String sysctl) throws IOException {
        channel.setOption(option, requestedBytes);
        if (kernelLimit(sysctl).isPresent()) {
            warnIfCapped(option.name(), sysctl);
            return;
        }
        int granted = channel.getOption(option);
        if (granted < requestedBytes) {
            warnOnce(option.name() + " asked " + requestedBytes + " bytes, the OS granted " + granted);
        }
    }

    /** Warns about the first capped socket only: every socket of a program asks the same size. */
    public synchronized void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warnings.println("warning: " + message);
        }
    }

    public static OptionalLong kernelLimit(String sysctl) {
        Path path = Path.of("/proc/sys", sysctl.replace('.', '/'));
        // One read call: some procfs files report a wrong size and answer a second, offset read with EOF.
        try (BufferedReader reader = Files.newBufferedReader(path)) {
            String line = reader.readLine();
            return line == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line.trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
