package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.xen.XenDomainTemplates.DomainConfig;
import org.telvirt.ssh.SshTarget;

/** A profile's domain templates, filled in with the image under test, and every way one is refused before a run. */
class XenDomainTemplatesTest {

    private static final String MEDIA_TEMPLATE = """
            # the media VM under test
            name = "${domain}"
            vcpus = 2
            disk = [ "format=raw, vdev=xvda, access=rw, target=${image}" ]
            extra = "telvirt.version=${imageVersion} telvirt.role=${role}"
            """;

    @TempDir
    Path directory;

    private static HostProfile profile(Map<String, String> settings) {
        return new HostProfile("lab-host", "xen", null, 4, null, null, null, "credit",
                Map.of("dom0", "Domain-0", "media", "media-img", "cpu1", "cpu1-img"),
                new SshTarget("dom0.example.org", 22, "root", "/k", "/kh", false), null, settings);
    }

    @Test
    void anInlineTemplateAndAFileBesideTheProfileAreFilledInWithTheImageUnderTest() throws Exception {
        Files.writeString(directory.resolve("cpu1.cfg"), "name = \"${domain}\"\nkernel = \"/boot/burner-${imageVersion}\"\n");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mediaServer", "192.0.2.10:40000");
        settings.put("domainConfig.cpu1", "cpu1.cfg");
        settings.put("domainConfig.media", MEDIA_TEMPLATE);

        List<DomainConfig> configs = XenDomainTemplates.render(profile(settings), directory, "/srv/images/media-2.4.1.img",
                "2.4.1");

        assertThat(configs).extracting(DomainConfig::role).as("in role order").containsExactly("media", "cpu1");
        assertThat(configs.get(0).domain()).isEqualTo("media-img");
        assertThat(configs.get(0).text()).isEqualTo("""
                # the media VM under test
                name = "media-img"
                vcpus = 2
                disk = [ "format=raw, vdev=xvda, access=rw, target=/srv/images/media-2.4.1.img" ]
                extra = "telvirt.version=2.4.1 telvirt.role=media"
                """);
        assertThat(configs.get(1).text()).isEqualTo("name = \"cpu1-img\"\nkernel = \"/boot/burner-2.4.1\"\n");
    }

    @Test
    void aProfileWithoutTemplatesMakesNoDomain() {
        assertThat(XenDomainTemplates.render(profile(Map.of("mediaServer", "192.0.2.10:40000")), directory, null, null))
                .isEmpty();
    }

    @Test
    void everyTemplateThatCannotBeFilledInIsAConfigurationErrorNamingItsSetting() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("domainConfig.media", "name = \"${domain}\"\ndisk = [ \"target=${image}\" ]\n${kernel}\n");
        settings.put("domainConfig.cpu1", "missing.cfg");
        settings.put("domainConfig.dom0", "name = \"Domain-0\"\n");
        settings.put("domainConfig.cpu2", "name = \"somebody-else\"\nvcpus = 1\n");
        settings.put("domainConfig.signaling", "vcpus = 1\nextra = \"${imageVersion\"\n");

        assertThatThrownBy(() -> XenDomainTemplates.render(profile(settings), directory, null, null))
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        "host profile lab-host: settings.domainConfig.dom0 names no guest role (one of media, signaling,"
                                + " cpu1, cpu2; Dom0 is Xen's own)",
                        "host profile lab-host: settings.domainConfig.media uses ${image}, and the build names no image:"
                                + " pass -Dtelvirt.image=PATH (the pipeline's TELVIRT_IMAGE)",
                        "host profile lab-host: settings.domainConfig.media: unknown variable ${kernel} (known: ${image},"
                                + " ${imageVersion}, ${domain}, ${role})",
                        "host profile lab-host: settings.domainConfig.signaling: '${' without its closing '}' in the"
                                + " template",
                        "host profile lab-host: settings.domainConfig.cpu1: cannot read the xl domain configuration"
                                + " template " + directory.resolve("missing.cfg") + " (NoSuchFileException: "
                                + directory.resolve("missing.cfg") + "); a relative path is read beside the profile file",
                        "host profile lab-host: settings.domainConfig.cpu2 makes domain \"somebody-else\", but the"
                                + " profile's role 'cpu2' is domain \"cpu2\" (domains.cpu2): write name = \"${domain}\""));
    }

    @Test
    void aTemplateWithoutANameOrAnImageThatWouldBreakItsQuotingIsRefused() {
        Map<String, String> settings = Map.of("domainConfig.media", "vcpus = 2\ndisk = [ \"target=${image}\" ]\n");

        assertThatThrownBy(() -> XenDomainTemplates.render(profile(settings), directory, "/srv/a\"b.img", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("settings.domainConfig.media: ${image} is \"/srv/a\"b.img\", which holds a quote,"
                        + " backslash or control character that would break the xl configuration");
        assertThatThrownBy(() -> XenDomainTemplates.render(profile(settings), directory, "/srv/media.img", null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("settings.domainConfig.media sets no name: add the line name = \"${domain}\"");
    }
}
