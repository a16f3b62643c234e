package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.engine.ExperimentKit;

/**
 * The gate on the xen driver, through the engine, against the fake Xen host behind the loopback sshd: a profile that
 * does not say how a role of the workload is driven, or whose domain template cannot be filled in, is a configuration
 * error (exit 2) before anything on the host changes, never a skip.
 */
class XenGateSettingsTest {

    @TempDir
    Path directory;

    private OpenSshServer server;
    private FakeXen xen;

    @BeforeEach
    void startDom0() throws Exception {
        assumeTrue(OpenSshServer.available(), "needs OpenSSH's sshd and ssh-keygen (apt-get install openssh-server)");
        xen = FakeXen.create(directory, directory.resolve("unused-journal"));
        server = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), xen.sshdConfig());
    }

    @AfterEach
    void stopDom0() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A profile of the fake host with {@code settings} (YAML lines under {@code settings:}). */
    private String profile(String name, String settings) throws Exception {
        Path file = directory.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                driver: xen
                cores: 4
                domains: {dom0: Domain-0, media: media, signaling: signaling, cpu1: cpu1, cpu2: cpu2}
                ssh:
                  host: 127.0.0.1
                  port: %d
                  user: %s
                  identityFile: %s
                  knownHostsFile: %s
                settings:
                %s
                """.formatted(name, server.port(), System.getProperty("user.name"), server.clientKey(),
                server.knownHosts(), settings.indent(2).stripTrailing()));
        return file.toString();
    }

    @Test
    void aGateWhoseProfileDoesNotSayHowToDriveSignalingAndTheCpuBoundLoadIsAConfigurationError() throws Exception {
        String host = profile("xen-gate-settings-test", "mediaServer: \"127.0.0.1:40000\"");

        ExperimentKit.run(MixedGateFixture.class, directory.resolve("results"), Map.of("telvirt.host", host))
                .assertThatEvents()
                .haveExactly(1, event(test("gate"), finishedWithFailure(instanceOf(InvalidConfigurationException.class),
                        message(text -> text.contains("settings.signalingServer is missing")
                                && text.contains("settings.cpuBoundLoad is missing")))));
        assertThat(ExperimentKit.exitCode(MixedGateFixture.class, directory.resolve("results"), host)).isEqualTo(2);
        assertThat(xen.changes()).as("nothing changed on the host").isEmpty();
    }

    @Test
    void aTemplateThatCannotBeFilledInIsAConfigurationErrorBeforeAnythingRuns() throws Exception {
        String host = profile("xen-gate-template-test", """
                mediaServer: "127.0.0.1:40000"
                signalingServer: "127.0.0.1:5060"
                cpuBoundLoad: running
                domainConfig.media: media.cfg""");
        Files.writeString(directory.resolve("media.cfg"), "name = \"${domain}\"\ndisk = [ \"target=${image}\" ]\n");

        ExperimentKit.run(MixedGateFixture.class, directory.resolve("results"), Map.of("telvirt.host", host))
                .assertThatEvents()
                .haveExactly(1, event(test("gate"), finishedWithFailure(instanceOf(InvalidConfigurationException.class),
                        message(text -> text.contains("settings.domainConfig.media uses ${image}, and the build names"
                                + " no image")))));
        assertThat(ExperimentKit.exitCode(MixedGateFixture.class, directory.resolve("results"), host)).isEqualTo(2);
        assertThat(xen.changes()).as("nothing changed on the host").isEmpty();
    }
}
