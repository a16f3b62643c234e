package org.telvirt.workloads.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code HOST:PORT}, {@code [IPv6]:PORT} and, where the port may be left out, {@code HOST}. */
public final class HostPort {
    private static final int PORT_REQUIRED = -1;

    private HostPort() {
    }

    /** {@code HOST:PORT}; port 0 asks the kernel for a free port. */
    public static InetSocketAddress parse(String text) {
        return parse(text, PORT_REQUIRED);
    }

    /** {@code HOST} or {@code HOST:PORT}; a missing port becomes {@code defaultPort}. */
    public static InetSocketAddress parse(String text, int defaultPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has '[' without ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' is not [HOST]:PORT");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address as [ADDRESS]:PORT");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        if (port == null && defaultPort == PORT_REQUIRED) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (the port is missing)");
        }
        int portNumber = port == null ? defaultPort : parsePort(text, port);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), portNumber);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "' in '" + text + "'");
        }
    }

    /** Text that {@link #parse(String)} reads back, e.g. for a child process's command line. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static int parsePort(String text, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value < 0 || value > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port (0-65535)");
        }
    }
}
