package org.telvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telvirt.InvalidConfigurationException;

/** A profile's {@code generators:} is read strictly and refused, key by key, before anything connects. */
class GeneratorsProfileTest {
    private static final String HOST = "name: lab\ndriver: native\n";
    private static final String GENERATOR = """
              - name: gen-a
                ssh: {host: 10.0.0.2, user: root, identityFile: /k, knownHostsFile: /kh}
            """;

    private static HostProfile parse(String yaml) {
        return HostProfiles.parse(yaml.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void generatorsAreReadWithTheirSshSettingsAndDefaults() {
        HostProfile profile = parse(HOST + "generators:\n  local: true\n  serverAddress: 10.0.0.1\n  hosts:\n" + GENERATOR);

        Generators generators = profile.generators();
        assertThat(generators.count()).isEqualTo(2);
        assertThat(generators.includesLocal()).isTrue();
        GeneratorHost host = generators.remoteHosts().get(0);
        assertThat(host.ssh().portOrDefault()).isEqualTo(22);
        assertThat(host.javaOrDefault()).isEqualTo("java");
        assertThat(host.directoryOrDefault()).isEqualTo(GeneratorHost.DEFAULT_DIRECTORY);
        assertThat(generators.problems(1, "@MediaStreams")).singleElement().asString().contains("cannot be split");
        assertThat(generators.problems(2, "@MediaStreams")).isEmpty();
    }

    @Test
    void anUnknownKeyIsAnError() {
        assertThatThrownBy(() -> parse(HOST + "generators:\n  locall: true\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("locall");
    }

    @Test
    void remoteGeneratorsNeedAServerAddressTheyReachKeysAndSafeValues() {
        assertThatThrownBy(() -> parse(HOST + "generators:\n  hosts:\n" + GENERATOR))
                .hasMessageContaining("'generators.serverAddress' must name an address");
        assertThatThrownBy(() -> parse(HOST + "generators:\n  serverAddress: 10.0.0.1\n  hosts:\n"
                + "    - name: gen-a\n      ssh: {host: h, user: root}\n"))
                .hasMessageContaining("generator 'gen-a'").hasMessageContaining("identityFile");
        assertThatThrownBy(() -> parse(HOST + "generators:\n  serverAddress: 10.0.0.1\n  hosts:\n" + GENERATOR
                + "    directory: /tmp/$(reboot)\n"))
                .hasMessageContaining("'directory' must be an absolute path");
        assertThatThrownBy(() -> parse(HOST + "generators:\n  serverAddress: 10.0.0.1\n  rtpClientOptions: [\"; rm\"]\n"
                + "  hosts:\n" + GENERATOR))
                .hasMessageContaining("rtpClientOptions");
        assertThatThrownBy(() -> parse(HOST + "generators:\n  serverAddress: 10.0.0.1\n  hosts:\n" + GENERATOR
                + GENERATOR)).hasMessageContaining("'gen-a' is used twice");
        assertThatThrownBy(() -> parse(HOST + "generators:\n  local: false\n"))
                .hasMessageContaining("no stream would be sent");
    }
}
