package org.telvirt.host.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.telvirt.HostException;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;
import org.telvirt.ssh.RemoteCommandException;
import org.telvirt.ssh.SshException;

/**
 * The Xen hosts' journals that runs left on this machine, restored without running a test ({@code ./telvirt host
 * restore}): a real host's changes are undone over SSH with read-back, as the next run would; a lab's go with the lab,
 * which is stopped. Each journal names its host profile; a journal of a live run is never touched.
 */
public final class XenLeftBehind {

    /** Where every Xen host's journal lives on this machine. */
    public static final Path JOURNAL_DIRECTORY = Path.of(System.getProperty("user.home"), ".cache", "telvirt");

    private static final String PREFIX = "xen-journal-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final Function<String, HostProfile> profiles;
    private final Function<HostProfile, XenAccess> hosts;

    /**
     * @param profiles the host profile of a journal's profile name (a configuration error when there is none)
     * @param hosts reaches a real Xen host's Dom0
     */
    XenLeftBehind(Path directory, Function<String, HostProfile> profiles, Function<HostProfile, XenAccess> hosts) {
        this.directory = directory;
        this.profiles = profiles;
        this.hosts = hosts;
    }

    /** This machine's journals; a profile is found among {@code given}, else as {@code -Dtelvirt.host} would be. */
    public static XenLeftBehind onThisMachine(List<HostProfile> given) {
        return new XenLeftBehind(JOURNAL_DIRECTORY, name -> given.stream().filter(p -> p.name().equals(name))
                .findFirst().orElseGet(() -> profileNamed(name)), SshXenAccess::open);
    }

    /** The journal of host profile {@code profileName} in {@code directory}. */
    public static Path journalFile(Path directory, String profileName) {
        return directory.resolve(PREFIX + profileName + SUFFIX);
    }

    /** The journals that hold changes, by file name. */
    public List<Path> journals() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file);
            }).sorted().toList();
        } catch (IOException e) {
            throw new HostException("cannot list the Xen journals in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Restores every journal, printing what each came to; true when none is left. */
    public boolean restore(Consumer<String> out) {
        List<Path> journals = journals();
        if (journals.isEmpty()) {
            out.accept("No Xen journal left behind in " + directory + ": nothing to restore.");
        }
        boolean allSettled = true;
        for (Path journal : journals) {
            try {
                restore(journal, out);
            } catch (HostException | InvalidConfigurationException | SshException | RemoteCommandException failed) {
                out.accept("NOT restored: " + journal + " stays for the next try: " + failed.getMessage());
                allSettled = false;
            }
        }
        return allSettled;
    }

    private void restore(Path journal, Consumer<String> out) {
        String file = journal.getFileName().toString();
        HostProfile profile = profiles.apply(file.substring(PREFIX.length(), file.length() - SUFFIX.length()));
        String labName = profile.setting(XenSettings.LAB, null);
        if (labName != null) {
            XenHostDriver.labNamed(labName, profile).stopLeftBehind(profile, out);
            int held = XenJournal.discard(journal, profile.name(), out);
            out.accept("xen: " + profile.name() + " is a lab (settings.lab: " + labName + "): the " + held
                    + " change(s) of " + journal + " went with it; journal removed");
            return;
        }
        try (XenAccess host = hosts.apply(profile);
                XenJournal restored = XenJournal.open(journal, host.dom0(), profile.name(), out)) {
            out.accept("xen: " + profile.name() + ": every journaled change read back as recorded; " + journal
                    + " removed");
        }
    }

    private static HostProfile profileNamed(String name) {
        try {
            return HostProfiles.load(name);
        } catch (InvalidConfigurationException notBuiltIn) {
            Path file = Path.of("host-profiles", name + ".yaml");
            if (Files.isRegularFile(file)) {
                return HostProfiles.load(file.toString());
            }
            throw new InvalidConfigurationException(List.of("its host profile '" + name + "' is neither built in nor "
                    + file + ": name the profile's file, `./telvirt host restore PATH.yaml`"));
        }
    }
}
