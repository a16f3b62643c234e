package org.telvirt.host.xen;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telvirt.host.HostProfile;
import org.telvirt.ssh.Shell;

/**
 * The {@code settings:} of a {@code xen} profile that say how a run reaches and drives the roles (example-xen.yaml
 * shows each with its comment): read here only, and checked here before anything connects.
 */
final class XenSettings {

    static final String MEDIA_SERVER = "mediaServer";
    static final String SIGNALING_SERVER = "signalingServer";
    static final String CPU_BOUND_LOAD = "cpuBoundLoad";
    static final String DOMAIN_READY_SECONDS = "domainReadySeconds";
    static final String DOMAIN_CONFIG_DIRECTORY = "domainConfigDirectory";
    /** A lab brings its own host and drives its guests itself ({@link XenAccessProvider}). */
    static final String LAB = "lab";

    /** How the CPU-bound domains' load runs for a configuration. */
    enum CpuBoundLoad {
        /** They burn CPU from their boot and are kept paused in between: the run unpauses them, its restore pauses. */
        UNPAUSE,
        /** Their load runs whenever they run: nothing to start. */
        RUNNING;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Duration DEFAULT_DOMAIN_READY = Duration.ofSeconds(180);
    static final String DEFAULT_DOMAIN_CONFIG_DIRECTORY = "/var/lib/telvirt/domains";

    private final HostProfile profile;

    XenSettings(HostProfile profile) {
        this.profile = profile;
    }

    /** Where the media domain's RTP endpoint answers the clients of this machine. */
    Optional<InetSocketAddress> mediaServer() {
        return address(MEDIA_SERVER);
    }

    /** Where the signaling domain's server answers the signaling client of this machine. */
    Optional<InetSocketAddress> signalingServer() {
        return address(SIGNALING_SERVER);
    }

    Optional<CpuBoundLoad> cpuBoundLoad() {
        return Optional.ofNullable(profile.setting(CPU_BOUND_LOAD, null))
                .map(value -> CpuBoundLoad.valueOf(value.toUpperCase(Locale.ROOT)));
    }

    /** Whether the run unpauses the CPU-bound domains' load, and so makes those it creates paused. */
    boolean unpausesCpuBoundLoad() {
        return cpuBoundLoad().orElse(null) == CpuBoundLoad.UNPAUSE;
    }

    /** How long a domain the run created may take until its media endpoint answers. */
    Duration domainReady() {
        String seconds = profile.setting(DOMAIN_READY_SECONDS, null);
        return seconds == null ? DEFAULT_DOMAIN_READY : Duration.ofSeconds(Integer.parseInt(seconds));
    }

    /** The absolute path on Dom0 where the run writes the domain configurations it creates from. */
    String domainConfigPath(String domain) {
        return profile.setting(DOMAIN_CONFIG_DIRECTORY, DEFAULT_DOMAIN_CONFIG_DIRECTORY) + "/" + domain + ".cfg";
    }

    /** Whether a lab drives the guests (its own endpoints and load) rather than the profile's settings. */
    boolean lab() {
        return profile.setting(LAB, null) != null;
    }

    /** Every setting here whose value cannot be used, each naming its key; empty when all can. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String key : List.of(MEDIA_SERVER, SIGNALING_SERVER)) {
            String value = profile.setting(key, null);
            if (value != null && parse(value).isEmpty()) {
                problems.add(where(key) + " is \"" + value + "\": write HOST:PORT, e.g. \"192.0.2.10:40000\"");
            }
        }
        String load = profile.setting(CPU_BOUND_LOAD, null);
        if (load != null && Arrays.stream(CpuBoundLoad.values()).noneMatch(known -> known.value().equals(load))) {
            problems.add(where(CPU_BOUND_LOAD) + " is \"" + load + "\": write " + CpuBoundLoad.UNPAUSE.value() + " or "
                    + CpuBoundLoad.RUNNING.value());
        }
        String ready = profile.setting(DOMAIN_READY_SECONDS, null);
        if (ready != null && !ready.matches("[1-9]\\d{0,3}")) {
            problems.add(where(DOMAIN_READY_SECONDS) + " is \"" + ready + "\": write whole seconds, 1 to 9999");
        }
        String directory = profile.setting(DOMAIN_CONFIG_DIRECTORY, null);
        if (directory != null) {
            try {
                Shell.remotePath(directory);
            } catch (IllegalArgumentException refused) {
                problems.add(where(DOMAIN_CONFIG_DIRECTORY) + ": " + refused.getMessage());
            }
        }
        return problems;
    }

    String where(String key) {
        return "host profile " + profile.name() + ": settings." + key;
    }

    private Optional<InetSocketAddress> address(String key) {
        return Optional.ofNullable(profile.setting(key, null)).flatMap(XenSettings::parse);
    }

    private static Optional<InetSocketAddress> parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return port < 1 || port > 65535 ? Optional.empty()
                : Optional.of(new InetSocketAddress(hostPort.substring(0, colon), port));
    }
}
