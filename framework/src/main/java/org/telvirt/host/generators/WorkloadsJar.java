package org.telvirt.host.generators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.telvirt.HostException;
import org.telvirt.host.Programs;

/**
 * The self-contained workloads jar that generators run: {@code -Dtelvirt.workloads.jar}, or the
 * reactor's {@code workloads/target/telvirt.jar} seen from the root or from a module.
 */
record WorkloadsJar(Path file, String sha256) {
    private static final List<Path> REACTOR_JARS = List.of(Path.of("workloads/target/telvirt.jar"),
            Path.of("../workloads/target/telvirt.jar"));

    static WorkloadsJar locate() {
        String named = System.getProperty(Programs.JAR_PROPERTY);
        List<Path> candidates = named == null ? REACTOR_JARS : List.of(Path.of(named));
        Path jar = candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new HostException("no workloads jar to run on the generators at " + candidates
                        + ": build it (mvn -pl workloads -am package) or set -D" + Programs.JAR_PROPERTY));
        return new WorkloadsJar(jar.toAbsolutePath(), sha256Of(jar));
    }

    private static String sha256Of(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException unreadable) {
            throw new HostException("cannot read the workloads jar " + file + ": " + unreadable.getMessage(), unreadable);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
