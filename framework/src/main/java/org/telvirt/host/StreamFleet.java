package org.telvirt.host;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Machines that send a run's media streams together with this one: the host profile's {@code generators}. The
 * drivers hand it to their {@link WorkloadStack}, which otherwise sends every stream from this machine.
 */
public interface StreamFleet {

    /** The address of this machine the fleet's generators send to. */
    InetAddress serverAddress();

    /**
     * Sends {@code whole} split across the fleet, this machine's share started through {@code local}, and merges
     * what every generator measured into {@code directory}.
     */
    Measurement run(RtpClientRun whole, WorkloadStack local, Path directory, Map<String, String> hostStatistics)
            throws InterruptedException;
}
