package org.telvirt.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./telvirt} exits with the code the tests' outcome listener wrote, 1 for a failed test of a module without
 * the listener, and 4 when nothing could run: each provoked through a stand-in {@code mvn} (and {@code dpkg-query})
 * first on the PATH, in a copy of the scripts so that the real build's results are not touched.
 */
class ExitCodeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path checkout;
    private Path bin;

    @BeforeEach
    void copyTheScripts() throws IOException {
        bin = Files.createDirectories(checkout.resolve("bin"));
        for (String script : List.of("telvirt", "scripts/install-prerequisites.sh")) {
            Path copy = checkout.resolve(script);
            Files.createDirectories(copy.getParent());
            Files.copy(ROOT.resolve(script), copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @ParameterizedTest(name = "outcome {0}, Maven exit {1}: telvirt exits {2}")
    @CsvSource({
        "0, 0, 0",
        "1, 1, 1",
        "2, 1, 2",
        "3, 1, 3",
        "'', 1, 4"})
    void exitsWithTheOutcomeTheTestsWrote(String outcome, int mavenExit, int expected) throws Exception {
        standIn("mvn", (outcome.isEmpty() ? "" : "mkdir -p module/target/telvirt; echo " + outcome
                + " > module/target/telvirt/exit-code\n") + "exit " + mavenExit);

        assertThat(telvirt()).isEqualTo(expected);
    }

    @Test
    void aFailedTestOfAModuleWithoutTheListenerIsOne() throws Exception {
        standIn("mvn", "mkdir -p module/target/surefire-reports\n"
                + "echo '<testsuite tests=\"2\" failures=\"1\" errors=\"0\"/>' > module/target/surefire-reports/TEST-A.xml\n"
                + "exit 1");

        assertThat(telvirt()).isEqualTo(1);
    }

    @Test
    void anEarlierBuildsOutcomeDoesNotSpeakForThisOne() throws Exception {
        Files.createDirectories(checkout.resolve("module/target/telvirt"));
        Files.writeString(checkout.resolve("module/target/telvirt/exit-code"), "3\n");
        standIn("mvn", "exit 1");

        assertThat(telvirt()).isEqualTo(4);
    }

    @Test
    void aMissingPrerequisiteStopsBeforeMavenWithFour() throws Exception {
        standIn("dpkg-query", "exit 1");
        standIn("mvn", "touch mvn-ran");

        assertThat(telvirt()).isEqualTo(4);
        assertThat(checkout.resolve("mvn-ran")).doesNotExist();
    }

    private void standIn(String command, String body) throws IOException {
        Path script = bin.resolve(command);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int telvirt() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(checkout.resolve("telvirt").toString(), "verify"))
                .redirectErrorStream(true).redirectOutput(checkout.resolve("telvirt.log").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("telvirt finished").isTrue();
        return process.exitValue();
    }
}
