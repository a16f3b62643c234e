package org.telvirt.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telvirt.InvalidConfigurationException;

/**
 * The VM image a release-gate build tests, as the pipeline names it: {@code -Dtelvirt.image=NAME} and
 * {@code -Dtelvirt.imageVersion=VERSION}. Every result of the build names it (results.json, verdict.json, the Allure
 * environment), so a gate's verdict and a later baseline comparison say which image they are about.
 */
public record ImageUnderTest(String name, String version) {
    static final String NAME_PROPERTY = "telvirt.image";
    static final String VERSION_PROPERTY = "telvirt.imageVersion";

    /** The image the build was given, if any (a host driver fills it into the domains it makes from it). */
    public static Optional<ImageUnderTest> ofBuild() {
        String name = System.getProperty(NAME_PROPERTY, "").trim();
        String version = System.getProperty(VERSION_PROPERTY, "").trim();
        return name.isEmpty() ? Optional.empty()
                : Optional.of(new ImageUnderTest(name, version.isEmpty() ? null : version));
    }

    /** Refuses, before anything runs, a version without a name: it names no image. */
    static void checkBuildSettings() {
        String version = System.getProperty(VERSION_PROPERTY, "").trim();
        if (ofBuild().isEmpty() && !version.isEmpty()) {
            throw new InvalidConfigurationException(List.of("-D" + VERSION_PROPERTY + "=" + version + " without -D"
                    + NAME_PROPERTY + ": a version of which image?"));
        }
    }

    /** {@code media-vm 2.4.1}, or the name alone. */
    public String label() {
        return version == null ? name : name + " " + version;
    }

    /** The entries the Allure environment and verdict.json show. */
    Map<String, String> recorded() {
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put("image", name);
        if (version != null) {
            recorded.put("image.version", version);
        }
        return recorded;
    }
}
