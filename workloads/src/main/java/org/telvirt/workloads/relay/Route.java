package org.telvirt.workloads.relay;

import java.net.InetSocketAddress;
import org.telvirt.workloads.cli.HostPort;

/** One forwarding rule of the relay: clients send to {@code listen}, the relay passes it on to {@code upstream}. */
public record Route(InetSocketAddress listen, InetSocketAddress upstream) {
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
        return new Route(HostPort.parse(text.substring(0, equals)), upstream);
    }

    @Override
    public String toString() {
        return HostPort.format(listen) + "=" + HostPort.format(upstream);
    }
}
