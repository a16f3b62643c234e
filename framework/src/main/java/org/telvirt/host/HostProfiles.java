package org.telvirt.host;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.telvirt.InvalidConfigurationException;

/**
 * Finds the host a run uses: {@code -Dtelvirt.host} names a built-in profile (the files of
 * {@code host-profiles/}, packaged with the framework) or a path to a YAML file; the default is
 * {@code emulated}.
 */
public final class HostProfiles {
    public static final String HOST_PROPERTY = "telvirt.host";
    public static final String DEFAULT_HOST = "emulated";
    public static final List<String> BUILT_IN = List.of("emulated", "emulated-cgroup", "native", "xen-lab");
    private static final String RESOURCE_DIRECTORY = "/org/telvirt/host-profiles/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The directory of each profile loaded from a file, for the files a profile names beside itself. */
    private static final Map<HostProfile, Path> DIRECTORIES = Collections.synchronizedMap(new IdentityHashMap<>());

    private HostProfiles() {
    }

    /** The profile {@code -Dtelvirt.host} selects. */
    public static HostProfile selected() {
        return load(System.getProperty(HOST_PROPERTY, DEFAULT_HOST));
    }

    /** A built-in profile by name, or a YAML file by path. */
    public static HostProfile load(String nameOrPath) {
        String source = "-D" + HOST_PROPERTY + "=" + nameOrPath;
        try (InputStream in = HostProfiles.class.getResourceAsStream(RESOURCE_DIRECTORY + nameOrPath + ".yaml")) {
            if (in != null) {
                return parse(in.readAllBytes(), source);
            }
        } catch (IOException unreadable) {
            throw new InvalidConfigurationException(List.of(source + ": built-in profile unreadable: " + unreadable));
        }
        Path file = Path.of(nameOrPath);
        if (Files.isDirectory(file)) {
            throw new InvalidConfigurationException(List.of(source + ": " + file.toAbsolutePath()
                    + " is a directory, not a host profile"));
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(List.of(source + ": no built-in host profile of that name ("
                    + String.join(", ", BUILT_IN) + ") and no such file"));
        }
        try {
            HostProfile profile = parse(Files.readAllBytes(file), source + " (" + file.toAbsolutePath() + ")");
            DIRECTORIES.put(profile, file.toAbsolutePath().getParent());
            return profile;
        } catch (IOException unreadable) {
            throw new InvalidConfigurationException(List.of(source + ": cannot read " + file + ": " + unreadable));
        }
    }

    /**
     * The directory of the file {@link #load} read the profile from, where a relative path the profile names is read;
     * empty for a built-in profile or one made in code.
     */
    public static Optional<Path> directoryOf(HostProfile profile) {
        return Optional.ofNullable(DIRECTORIES.get(profile));
    }

    static HostProfile parse(byte[] yaml, String source) {
        if (new String(yaml, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidConfigurationException(List.of(source + ": the host profile is empty"));
        }
        HostProfile profile;
        try {
            profile = YAML.readValue(yaml, HostProfile.class);
        } catch (JacksonException malformed) {
            throw new InvalidConfigurationException(List.of(source + ": not a valid host profile: "
                    + malformed.getOriginalMessage()
                    + (malformed.getLocation() == null ? "" : " at line " + malformed.getLocation().getLineNr())));
        } catch (IOException unreadable) {
            throw new InvalidConfigurationException(List.of(source + ": unreadable: " + unreadable));
        }
        if (profile == null) {
            throw new InvalidConfigurationException(List.of(source + ": the host profile is empty"));
        }
        List<String> problems = profile.problems(source);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return profile;
    }

    /** Opens the profile's host with the driver it names. */
    public static Host open(HostProfile profile) {
        List<HostDriver> drivers = ServiceLoader.load(HostDriver.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        return drivers.stream().filter(driver -> driver.name().equals(profile.driver())).findFirst()
                .orElseThrow(() -> new InvalidConfigurationException(List.of("host profile '" + profile.name()
                        + "': unknown driver '" + profile.driver() + "' (available: "
                        + drivers.stream().map(HostDriver::name).collect(Collectors.joining(", ")) + ")")))
                .open(profile);
    }
}
