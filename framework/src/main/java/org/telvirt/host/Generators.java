package org.telvirt.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.telvirt.HostException;

/**
 * The {@code generators:} part of a host profile: the machines that send the RTP streams, as the
 * paper's client PCs did. A test's streams are split across them; each runs {@code rtp-client}
 * with its slice, all on one schedule, and the run merges what they measured.
 *
 * @param local whether this machine also runs a slice (default {@code false}: only the hosts do)
 * @param serverAddress the address of this machine the servers listen on, so the remote generators
 *     reach them (hosts whose servers run elsewhere, such as {@code xen}, need none)
 * @param rtpClientOptions extra {@code rtp-client} options for the remote generators, e.g.
 *     {@code [--receive-threads, "1", --spin-micros, "0"]} for generators that share their CPUs (the
 *     local one takes the host's own client options, as a lone client would)
 * @param hosts the remote generators, reached over SSH
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Generators(Boolean local, String serverAddress, List<String> rtpClientOptions,
                         List<GeneratorHost> hosts) {
    /** The name of this machine's slice in results and messages; no remote generator may take it. */
    public static final String LOCAL_NAME = "local";
    private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9_.:=/-]{1,128}");

    public boolean includesLocal() {
        return Boolean.TRUE.equals(local);
    }

    public List<GeneratorHost> remoteHosts() {
        return hosts == null ? List.of() : hosts;
    }

    public List<String> clientOptions() {
        return rtpClientOptions == null ? List.of() : rtpClientOptions;
    }

    /** How many slices a test's streams are split into. */
    public int count() {
        return remoteHosts().size() + (includesLocal() ? 1 : 0);
    }

    /** The address servers on this machine bind; loopback when every generator is this machine. */
    public InetAddress serverInetAddress() {
        if (serverAddress == null || serverAddress.isBlank()) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(serverAddress);
        } catch (UnknownHostException unknown) {
            throw new HostException("generators.serverAddress " + serverAddress + " is not an address: "
                    + unknown.getMessage(), unknown);
        }
    }

    /** Why a workload cannot be split across these generators; empty when it can. */
    public List<String> problems(int streams, String source) {
        return streams >= count() ? List.of() : List.of(source + ": " + streams + " streams cannot be split across "
                + count() + " generators; each needs at least one");
    }

    List<String> problems(String source, String driver) {
        List<String> problems = new ArrayList<>();
        if (count() == 0) {
            problems.add(source + ": 'generators' lists no hosts and does not set 'local: true', so no stream"
                    + " would be sent");
        }
        boolean serversHere = !"xen".equals(driver);
        if (serversHere && !remoteHosts().isEmpty() && (serverAddress == null || serverAddress.isBlank())) {
            problems.add(source + ": 'generators.serverAddress' must name an address of this machine that the"
                    + " generator hosts reach (the servers listen on loopback otherwise)");
        }
        if (serverAddress != null && !serverAddress.isBlank() && !isNumericAddress(serverAddress)) {
            problems.add(source + ": 'generators.serverAddress' \"" + serverAddress + "\" must be an IP address");
        }
        for (String option : clientOptions()) {
            if (option == null || !OPTION.matcher(option).matches()) {
                problems.add(source + ": 'generators.rtpClientOptions' entry \"" + option + "\" must be letters,"
                        + " digits or . _ : = / -");
            }
        }
        Set<String> names = new HashSet<>(Set.of(LOCAL_NAME));
        for (GeneratorHost host : remoteHosts()) {
            problems.addAll(host.problems(source));
            if (host.name() != null && !names.add(host.name())) {
                problems.add(source + ": generator name '" + host.name() + "' is used twice (or is the reserved '"
                        + LOCAL_NAME + "')");
            }
        }
        return problems;
    }

    private static boolean isNumericAddress(String address) {
        return address.matches("[0-9.]{7,15}") || address.matches("[0-9A-Fa-f:]{2,39}");
    }
}
