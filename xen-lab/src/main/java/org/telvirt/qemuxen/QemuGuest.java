package org.telvirt.qemuxen;

import org.telvirt.ssh.Shell;
import org.telvirt.workloads.signaling.SipMessage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small PV guest of the lab: Debian's kernel with a busybox initramfs that brings up its network
 * and an SSH server; the lab copies its workload in over SSH and starts it: a static UDP echo
 * ({@link Kind#ECHO}, port 40000), a static SIP responder ({@link Kind#SIGNALING}, port 5060) or the
 * paper's CPU-bound load ({@link Kind#CPU_BOUND}). A {@link Kind#IMAGE_ECHO} guest is made by each run
 * from a media image instead, which the lab only forwards to.
 *
 * @param address the guest's address on the lab's bridge (QEMU's user network, 10.0.2.0/24)
 */
public record QemuGuest(String name, Kind kind, String address, int vcpus, int memoryMib) {

    public static final int ECHO_PORT = 40000;
    public static final int SIP_PORT = 5060;
    /** The SIP responder's call records: the guest's file system is its initramfs, in RAM, so the fsync costs nothing. */
    static final String CALL_LOG = "/tmp/calls.log";
    /**
     * The SIP responder's work per new call, in rounds of udp-echo's arithmetic: about the Java signaling server's
     * 200 us of digest work on the lab's emulated CPU, where 125000 rounds took 239 us (docs/xen-lab.md).
     */
    static final long SIGNALING_WORK_ROUNDS = 100_000;
    /** A request the SIP responder implements none of, so it answers 501 and keeps no call. */
    private static final String SIP_PROBE_METHOD = "OPTIONS";

    /** What a guest runs, by the name of the static program the lab builds for it. */
    public enum Kind {
        ECHO("udp-echo"),
        /** The signaling domain: sip-server.c answers as telvirt's Java signaling server, which the guests cannot run. */
        SIGNALING("sip-server"),
        CPU_BOUND("cpu-burn"),
        /**
         * The media domain a run makes from an image under test ({@code settings.domainConfig.media}, xen-lab-image.yaml),
         * whose echo is baked in: the lab forwards its ports and never creates it.
         */
        IMAGE_ECHO("udp-echo");

        private final String program;

        Kind(String program) {
            this.program = program;
        }

        public String program() {
            return program;
        }

        /** Whether the guest's program answers UDP on {@link #udpPort()}, which the lab forwards. */
        public boolean servesUdp() {
            return this != CPU_BOUND;
        }

        public int udpPort() {
            return switch (this) {
                case ECHO, IMAGE_ECHO -> ECHO_PORT;
                case SIGNALING -> SIP_PORT;
                case CPU_BOUND -> throw new IllegalStateException("a CPU-bound guest serves no UDP");
            };
        }

        /** Whether the lab creates the guest when it boots and copies its program in. */
        public boolean madeByTheLab() {
            return this != IMAGE_ECHO;
        }
    }

    public QemuGuest {
        Shell.domainName(name);
        if (!address.matches("10\\.0\\.2\\.(\\d{2,3})")) {
            throw new IllegalArgumentException("lab guest address " + address + " must be in 10.0.2.0/24 (QEMU's user network)");
        }
        if (vcpus < 1 || memoryMib < 32) {
            throw new IllegalArgumentException("lab guest " + name + " needs at least 1 vCPU and 32 MiB");
        }
    }

    /** Where the workload program is copied to inside the guest. */
    public String workloadPath() {
        return "/tmp/" + kind.program();
    }

    /** Starts the copied program detached from the SSH session, then shows it running (exits non-zero if not). */
    String startWorkloadCommand() {
        String program = workloadPath();
        String arguments = switch (kind) {
            case ECHO -> " " + ECHO_PORT;
            case SIGNALING -> " " + SIP_PORT + " " + CALL_LOG + " " + SIGNALING_WORK_ROUNDS;
            case CPU_BOUND -> "";
            case IMAGE_ECHO -> throw new IllegalStateException("guest " + name + " is made from an image, whose init"
                    + " starts its program");
        };
        return "chmod 700 " + program + " && setsid " + program + arguments
                + " </dev/null >/dev/null 2>&1 & sleep 1; pidof " + kind.program();
    }

    /**
     * What the lab sends the guest's program to see it answer: for an echo a datagram it sends back, for the SIP
     * responder a request that opens no call (the calls it counts stay the workload's).
     */
    byte[] probe() {
        return kind == Kind.SIGNALING ? SipMessage.request(SIP_PROBE_METHOD, probeId(), 1).encode()
                : probeId().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a datagram from the guest answers {@link #probe()}: the echo's copy, or a SIP response to the probe. */
    boolean answersProbe(byte[] datagram, int length) {
        if (kind == Kind.SIGNALING) {
            return SipMessage.parse(datagram, length).filter(reply -> !reply.isRequest()
                    && reply.callId().equals(probeId()) && reply.sequenceMethod().equals(SIP_PROBE_METHOD)).isPresent();
        }
        byte[] probe = probe();
        return Arrays.equals(probe, 0, probe.length, datagram, 0, length);
    }

    private String probeId() {
        return "telvirt-probe-" + name;
    }

    /** The {@code xl create} configuration; the kernel is Dom0's own, from its /boot. */
    String xlConfig(String kernelVersion) {
        String lastOctet = address.substring(address.lastIndexOf('.') + 1);
        return "name = \"" + name + "\"\n"
                + "type = \"pv\"\n"
                + "kernel = \"/boot/vmlinuz-" + kernelVersion + "\"\n"
                + "ramdisk = \"/root/domu/domu-initrd.gz\"\n"
                + "extra = \"console=hvc0 quiet telvirt.ip=" + address + "\"\n"
                + "memory = " + memoryMib + "\n"
                + "vcpus = " + vcpus + "\n"
                + "vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:" + String.format("%02x", Integer.parseInt(lastOctet) % 256) + "' ]\n"
                + "on_crash = \"preserve\"\n";
    }
}
