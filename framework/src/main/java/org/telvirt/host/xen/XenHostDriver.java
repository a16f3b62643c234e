package org.telvirt.host.xen;

import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.host.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.xen.lab.LabSettings;
import org.telvirt.host.xen.lab.XenLab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.telvirt.ssh.Shell;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;

/**
 * The {@code xen} driver: a Xen host reached over SSH, or with {@code settings.lab: qemu} the
 * xen-lab booted on this machine first (once per JVM, shared by every test class). Each host keeps its knob journal in
 * {@code ~/.cache/telvirt/xen-journal-<profile>.jsonl}.
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
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Path journal = Path.of(System.getProperty("user.home"), ".cache", "telvirt", "xen-journal-" + profile.name() + ".jsonl");
        AutoCloseable opened = null;
        try {
            if ("qemu".equals(profile.setting("lab", null))) {
                // the lab outlives this host: the next test class reuses it (see XenLab.shared)
                XenLab lab = XenLab.shared(LabSettings.fromProfile(profile), System.out::println);
                return new XenHost(profile, lab.dom0(), () -> { }, lab, journal, System.out::println);
            }
            SshSession dom0 = SshSession.open(SshSettings.from(profile.ssh()));
            opened = dom0;
            return new XenHost(profile, dom0, dom0, null, journal, System.out::println);
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            if (e instanceof HostException) {
                throw e;
            }
            throw new HostException("cannot open Xen host " + profile.name() + ": " + e.getMessage(), e);
        }
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
