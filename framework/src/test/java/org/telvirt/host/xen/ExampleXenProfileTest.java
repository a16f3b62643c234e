package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;

/** host-profiles/example-xen.yaml says what a real host's profile must set, and what it says is usable as written. */
class ExampleXenProfileTest {

    private static final Path EXAMPLE = Path.of("..", "host-profiles", "example-xen.yaml");

    @Test
    void everySettingTheDriverReadsIsThereAndUsable() {
        HostProfile profile = HostProfiles.load(EXAMPLE.toString());
        XenSettings settings = new XenSettings(profile);

        assertThat(settings.problems()).isEmpty();
        assertThat(XenHostDriver.remoteValueProblems(profile)).isEmpty();
        assertThat(settings.mediaServer()).isPresent();
        assertThat(settings.signalingServer()).isPresent();
        assertThat(settings.cpuBoundLoad()).hasValue(XenSettings.CpuBoundLoad.UNPAUSE);
        assertThat(XenDomainTemplates.render(profile, EXAMPLE.getParent(), null, null)).as("pre-existing domains").isEmpty();
    }

    /** The template shown in the comment, taken in as it stands, renders the image into the role's domain. */
    @Test
    void theCommentedTemplateRendersWhenTakenIn() throws Exception {
        List<String> lines = Files.readAllLines(EXAMPLE);
        int start = lines.indexOf("  #   domainConfig.media: |") + 1;
        String template = lines.subList(start, lines.size()).stream().takeWhile(line -> line.startsWith("  #     "))
                .map(line -> line.substring("  #     ".length())).collect(Collectors.joining("\n", "", "\n"));
        HostProfile example = HostProfiles.load(EXAMPLE.toString());
        Map<String, String> settings = new HashMap<>(example.settings());
        settings.put("domainConfig.media", template);
        HostProfile withTemplate = new HostProfile(example.name(), example.driver(), example.description(),
                example.cores(), example.l2Groups(), example.physicalCpus(), example.streamScale(), example.scheduler(),
                example.domains(), example.ssh(), example.generators(), settings);

        assertThat(XenDomainTemplates.render(withTemplate, EXAMPLE.getParent(), "/srv/images/media-2.4.1.qcow2", "2.4.1"))
                .singleElement().satisfies(config -> assertThat(config.text()).contains("name = \"media-vm\"",
                        "target=/srv/images/media-2.4.1.qcow2", "telvirt.image.version=2.4.1"));
    }
}
