package org.telvirt.host.xen;

import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;
import org.telvirt.engine.ImageUnderTest;
import org.telvirt.host.xen.XenDomainTemplates.DomainConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.telvirt.ssh.Shell;

/**
 * The {@code xen} driver: a Xen host reached over SSH, or with {@code settings.lab: NAME} one that the
 * lab of that name brings up first ({@link XenAccessProvider}; {@code qemu} is the xen-lab module's Xen
 * under QEMU). Each host keeps its knob journal on this machine ({@link XenLeftBehind#journalFile}). The profile's
 * settings and domain templates, filled in with the image under test, are checked before anything connects.
 */
public final class XenHostDriver implements HostDriver {

    @Override
    public String name() {
        return "xen";
    }

    @Override
    public Host open(HostProfile profile) {
        if (profile.ssh() == null) {
            throw new HostException("host profile " + profile.name() + " (driver xen) has no 'ssh:' entry");
        }
        List<String> problems = remoteValueProblems(profile);
        problems.addAll(new XenSettings(profile).problems());
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Optional<ImageUnderTest> image = ImageUnderTest.ofBuild();
        List<DomainConfig> created = XenDomainTemplates.render(profile,
                HostProfiles.directoryOf(profile).orElse(Path.of("").toAbsolutePath()),
                image.map(ImageUnderTest::name).orElse(null), image.map(ImageUnderTest::version).orElse(null));
        String labName = profile.setting(XenSettings.LAB, null);
        XenAccessProvider lab = labName == null ? null : labNamed(labName, profile);
        Path journal = XenLeftBehind.journalFile(XenLeftBehind.JOURNAL_DIRECTORY, profile.name());
        XenAccess opened = null;
        try {
            opened = lab == null ? SshXenAccess.open(profile) : lab.open(profile, System.out::println);
            return new XenHost(profile, opened, journal, System.out::println, created, XenKnobs.Interruption.NONE);
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            if (e instanceof HostException) {
                throw e;
            }
            throw new HostException("cannot open Xen host " + profile.name() + ": " + e.getMessage(), e);
        }
    }

    /** The lab {@code settings.lab} names, or a configuration error saying which module brings it. */
    static XenAccessProvider labNamed(String name, HostProfile profile) {
        List<XenAccessProvider> labs = ServiceLoader.load(XenAccessProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        return labs.stream().filter(provider -> provider.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidConfigurationException(List.of("host profile " + profile.name()
                        + ": settings.lab '" + name + "' names no lab on the class path (labs found: "
                        + (labs.isEmpty() ? "none" : labs.stream().map(XenAccessProvider::name).collect(Collectors.joining(", ")))
                        + "); lab 'qemu' is the xen-lab module (org.telvirt:xen-lab): add it as a test dependency,"
                        + " as experiment-suites does, or run its suite with -Pxen-lab")));
    }

    /**
     * Every profile value that ends up in a command on Dom0, checked before anything connects: a
     * value the remote shell or tool could misread is refused with the profile key that holds it.
     */
    static List<String> remoteValueProblems(HostProfile profile) {
        List<String> problems = new ArrayList<>();
        if (profile.domains() != null) {
            profile.domains().forEach((role, domain) -> check(problems, profile, "domains." + role, domain,
                    Shell::domainName));
        }
        check(problems, profile, "settings.coalesceInterface", profile.setting("coalesceInterface", null),
                Shell::interfaceName);
        check(problems, profile, "settings.bypassPciDevice", profile.setting("bypassPciDevice", null),
                Shell::pciAddress);
        return problems;
    }

    private static void check(List<String> problems, HostProfile profile, String key, String value,
            Function<String, ?> validator) {
        if (value == null) {
            return;
        }
        try {
            validator.apply(value);
        } catch (IllegalArgumentException refused) {
            problems.add("host profile " + profile.name() + ": '" + key + "': " + refused.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable opened, RuntimeException cause) {
        if (opened != null) {
            try {
                opened.close();
            } catch (Exception suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }
}
