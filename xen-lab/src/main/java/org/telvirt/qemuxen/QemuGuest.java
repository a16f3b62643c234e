package org.telvirt.qemuxen;

import org.telvirt.ssh.Shell;

/**
 * A small PV guest of the lab: Debian's kernel with a busybox initramfs that brings up its network
 * and an SSH server; the lab copies its workload in over SSH and starts it: a static UDP echo
 * ({@link Kind#ECHO}, port 40000) or the paper's CPU-bound load ({@link Kind#CPU_BOUND}). A
 * {@link Kind#IMAGE_ECHO} guest is made by each run from a media image instead, which the lab only
 * forwards to.
 *
 * @param address the guest's address on the lab's bridge (QEMU's user network, 10.0.2.0/24)
 */
public record QemuGuest(String name, Kind kind, String address, int vcpus, int memoryMib) {

    public static final int ECHO_PORT = 40000;

    /** What a guest runs, by the name of the static program the lab builds for it. */
    public enum Kind {
        ECHO("udp-echo"), CPU_BOUND("cpu-burn"),
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

        /** Whether the guest answers UDP on {@link #ECHO_PORT}, which the lab forwards. */
        public boolean echoes() {
            return this != CPU_BOUND;
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
        return "chmod 700 " + program + " && setsid " + program + (kind == Kind.ECHO ? " " + ECHO_PORT : "")
                + " </dev/null >/dev/null 2>&1 & sleep 1; pidof " + kind.program();
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
