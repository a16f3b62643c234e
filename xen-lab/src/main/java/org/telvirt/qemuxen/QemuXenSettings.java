package org.telvirt.qemuxen;

import org.telvirt.host.HostProfile;
import org.telvirt.ssh.Shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the lab boots: the cache, the network namespace QEMU runs in and the veth pair that reaches
 * it, the forwarded ports, QEMU's machine and Xen's command line, and the guests.
 *
 * @param labAddress the namespace's end of the veth pair; QEMU forwards SSH (Dom0's on {@code sshPort}, each
 *                   guest's on the ports after it, in the order of {@code guests}) and the guests' UDP programs
 *                   (echo, SIP responder) there, from {@code firstUdpPort} in the same order
 * @param xenArguments appended to Xen's command line; {@code sched=credit} is the paper's scheduler
 *                     (Xen 4.17 boots credit2 without it)
 */
public record QemuXenSettings(Path cache, String namespace, String hostVeth, String labVeth, String hostAddress,
                          String labAddress, int sshPort, int firstUdpPort, String qemuCpu, int cpus,
                          String memory, String xenArguments, Duration bootTimeout, List<QemuGuest> guests) {

    public static final String CACHE_PROPERTY = "telvirt.xenlab.cache";

    public QemuXenSettings {
        Shell.interfaceName(hostVeth);
        Shell.interfaceName(labVeth);
        if (!namespace.matches("telvirt[A-Za-z0-9_-]{0,40}")) {
            throw new IllegalArgumentException("lab network namespace " + namespace + " must be named telvirt...");
        }
        for (String address : List.of(hostAddress, labAddress)) {
            if (!address.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("lab address " + address + " is not an IPv4 address");
            }
        }
        guests = List.copyOf(guests);
    }

    /** Where QEMU forwards a guest's SSH server: the ports after Dom0's, one per guest in order. */
    public int guestSshPort(QemuGuest guest) {
        int index = guests.indexOf(guest);
        if (index < 0) {
            throw new IllegalArgumentException("no guest " + guest.name() + " in the lab (" + guests + ")");
        }
        return sshPort + 1 + index;
    }

    /**
     * The paper's mixed workload, scaled to the lab: Media (2 vCPUs), Signaling, two CPU-bound VMs; and the slot of the
     * media domain a run makes from an image under test (xen-lab-image.yaml's template gives it this address, MAC,
     * vCPUs and memory).
     */
    public static List<QemuGuest> paperGuests() {
        return List.of(new QemuGuest("media", QemuGuest.Kind.ECHO, "10.0.2.50", 2, 96),
                new QemuGuest("signaling", QemuGuest.Kind.SIGNALING, "10.0.2.51", 1, 96),
                new QemuGuest("cpu1", QemuGuest.Kind.CPU_BOUND, "10.0.2.52", 1, 96),
                new QemuGuest("cpu2", QemuGuest.Kind.CPU_BOUND, "10.0.2.53", 1, 96),
                new QemuGuest("media-image", QemuGuest.Kind.IMAGE_ECHO, "10.0.2.54", 2, 96));
    }

    public static QemuXenSettings defaults() {
        return new QemuXenSettings(defaultCache(), "telvirt-xenlab", "telvirt-xl0", "telvirt-xl1", "10.213.77.1",
                "10.213.77.2", 2222, 40050, "Haswell-noTSX", 2, "4G", "sched=credit", Duration.ofMinutes(7),
                paperGuests());
    }

    /** The defaults, with the address and port of the profile's {@code ssh:} entry and its lab settings. */
    public static QemuXenSettings fromProfile(HostProfile profile) {
        QemuXenSettings defaults = defaults();
        String labAddress = profile.ssh() == null ? defaults.labAddress : profile.ssh().host();
        int sshPort = profile.ssh() == null ? defaults.sshPort : profile.ssh().portOrDefault();
        return new QemuXenSettings(defaults.cache, profile.setting("labNamespace", defaults.namespace), defaults.hostVeth,
                defaults.labVeth, profile.setting("labHostAddress", defaults.hostAddress), labAddress, sshPort,
                defaults.firstUdpPort, defaults.qemuCpu, defaults.cpus, defaults.memory,
                profile.setting("xenArguments", defaults.xenArguments), defaults.bootTimeout, defaults.guests);
    }

    static Path defaultCache() {
        String configured = System.getProperty(CACHE_PROPERTY);
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "telvirt-xenlab");
    }
}
