package org.telvirt.workloads.relay;

import java.net.InetSocketAddress;
import org.telvirt.workloads.cli.HostPort;

/**
 * One forwarding rule of the relay: clients send to {@code listen}, the relay passes it on to
 * {@code upstream}. The listen address must be a specific one, not the wildcard: the relay's
 * per-client sockets rely on the kernel preferring it (see {@link Relay}).
 */
public record Route(InetSocketAddress listen, InetSocketAddress upstream) {
    public Route {
        if (listen.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("the relay must listen on a specific address (e.g. 127.0.0.1), not "
                    + HostPort.format(listen));
        }
    }

    /** {@code LISTEN_HOST:PORT=UPSTREAM_HOST:PORT}. */
    public static Route parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0 || text.indexOf('=', equals + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not LISTEN_HOST:PORT=UPSTREAM_HOST:PORT");
        }
        InetSocketAddress upstream = HostPort.parse(text.substring(equals + 1));
        if (upstream.getPort() == 0) {
            throw new IllegalArgumentException("'" + text + "': the upstream needs a port other than 0");
        }
        try {
            return new Route(HostPort.parse(text.substring(0, equals)), upstream);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return HostPort.format(listen) + "=" + HostPort.format(upstream);
    }
}
