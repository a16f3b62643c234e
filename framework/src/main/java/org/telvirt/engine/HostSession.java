package org.telvirt.engine;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.telvirt.host.Host;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;
import org.telvirt.Configuration;

/**
 * The hosts a test class uses: the selected one, and the native one for column N, opened on first
 * use and closed with the class's store.
 */
final class HostSession implements AutoCloseable {
    private static final Namespace NAMESPACE = Namespace.create(HostSession.class);
    private final HostProfile selectedProfile;
    private Host selected;
    private Host nativeHost;

    HostSession(HostProfile selectedProfile) {
        this.selectedProfile = selectedProfile;
    }

    /**
     * The run's hosts, opened once per JVM and selected host (so a journal, an SSH session or a lab
     * lives across test classes) and closed when the engine finishes.
     */
    static HostSession of(ExtensionContext context) {
        String selected = context.getConfigurationParameter(HostProfiles.HOST_PROPERTY).orElse(HostProfiles.DEFAULT_HOST);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(selected,
                key -> new HostSession(HostProfiles.load(selected)), HostSession.class);
    }

    /** A runner on this context's hosts with the build's duration overrides, on its test class's running domains. */
    static ExperimentRunner runner(ExtensionContext context) {
        return new ExperimentRunner(of(context), DurationOverrides.of(context), BootedHosts.of(context));
    }

    HostProfile selectedProfile() {
        return selectedProfile;
    }

    /**
     * The selected host, or for column N the native one; a profile whose setting
     * {@code nativeColumn} is {@code self} runs column N itself (a host without a native twin).
     */
    synchronized Host hostFor(Configuration configuration) {
        return configuration.runsNatively() && !nativeColumnHere() ? nativeHost() : selectedHost();
    }

    /** The host the selected profile names: what runs every configuration but column N. */
    synchronized Host selectedHost() {
        if ("native".equals(selectedProfile.driver()) && !nativeColumnHere()) {
            return nativeHost();
        }
        if (selected == null) {
            selected = HostProfiles.open(selectedProfile);
        }
        return selected;
    }

    private Host nativeHost() {
        if (nativeHost == null) {
            nativeHost = HostProfiles.open("native".equals(selectedProfile.driver()) ? selectedProfile
                    : HostProfiles.load("native"));
        }
        return nativeHost;
    }

    private boolean nativeColumnHere() {
        return "self".equals(selectedProfile.setting("nativeColumn", "native"));
    }

    @Override
    public synchronized void close() {
        if (selected != null) {
            selected.close();
        }
        if (nativeHost != null) {
            nativeHost.close();
        }
    }
}
