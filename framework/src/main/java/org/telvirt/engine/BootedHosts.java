package org.telvirt.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.telvirt.HostException;
import org.telvirt.host.BootedHost;
import org.telvirt.host.Host;

/**
 * The domains a test class keeps running across its configurations, one set per host (the selected one, the native
 * one for column N), booted on first use and closed with the class's store, so a figure's configurations share
 * them as a real host's experiments share its VMs. A set that can carry no more configurations (a server died), or
 * on which a configuration failed, is closed and booted again, and the next run's notes say why.
 */
final class BootedHosts implements AutoCloseable {
    private static final Namespace NAMESPACE = Namespace.create(BootedHosts.class);
    /** Where each set's own logs go (its servers', its packet-path warm-ups'), beside the class's runs. */
    static final String DIRECTORY = "domains";

    private final Path directory;
    private final Map<Host, BootedHost> booted = new IdentityHashMap<>();
    private final Map<Host, String> rebootReasons = new IdentityHashMap<>();
    private int boots;

    BootedHosts(Path directory) {
        this.directory = directory;
    }

    /** The test class's sets, kept in the store of the class the context runs in. */
    static BootedHosts of(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Path directory = ResultFiles.root().resolve(classContext.getRequiredTestClass().getSimpleName())
                .resolve(DIRECTORY);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(BootedHosts.class,
                key -> new BootedHosts(directory), BootedHosts.class);
    }

    /** The host's running domains, booted now if it has none or if its last set became unusable. */
    synchronized BootedHost forHost(Host host) {
        BootedHost current = booted.get(host);
        if (current != null) {
            Optional<String> unusable = current.unusableReason();
            if (unusable.isEmpty()) {
                return current;
            }
            booted.remove(host);
            rebootReasons.put(host, unusable.get());
            current.close();
        }
        Path setDirectory = directory.resolve(host.profile().name() + "-" + ++boots);
        try {
            deleteEarlierBuilds(setDirectory);
            Files.createDirectories(setDirectory);
        } catch (IOException failed) {
            throw new HostException("cannot write the domains' logs to " + setDirectory.toAbsolutePath() + ": "
                    + failed.getMessage(), failed);
        }
        BootedHost fresh = host.boot(setDirectory);
        booted.put(host, fresh);
        return fresh;
    }

    /**
     * Closes the host's domains now (every program stopped, the host restored), {@code reason} to be said by the next
     * run, which boots new ones.
     */
    synchronized void discard(Host host, String reason) {
        BootedHost discarded = booted.remove(host);
        if (discarded != null) {
            rebootReasons.put(host, reason);
            discarded.close();
        }
    }

    /**
     * Why the host's domains were booted again before this run, said once, in the first run on the new set; empty
     * when they were not.
     */
    synchronized Optional<String> takeRebootNote(Host host) {
        return Optional.ofNullable(rebootReasons.remove(host))
                .map(reason -> "the domains were booted again before this configuration: " + reason);
    }

    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (BootedHost set : booted.values()) {
            try {
                set.close();
            } catch (RuntimeException failed) {
                failures.add(failed);
            }
        }
        booted.clear();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void deleteEarlierBuilds(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> earlier = Files.walk(directory)) {
            for (Path path : earlier.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
