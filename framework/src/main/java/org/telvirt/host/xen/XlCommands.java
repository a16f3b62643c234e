package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.telvirt.knob.Knob;
import org.telvirt.ssh.Shell;

/**
 * Command lines for Dom0: {@code xl}, {@code ethtool}. Every name is validated (a value that would
 * read as an option or as shell syntax is refused with the value shown) and every argument quoted.
 */
public final class XlCommands {

    private XlCommands() {
    }

    public static String info() {
        return Shell.command("xl", "info");
    }

    /** All domains with their cpupool ({@code -c}). */
    public static String list() {
        return Shell.command("xl", "list", "-c");
    }

    public static String vcpuList() {
        return Shell.command("xl", "vcpu-list");
    }

    public static String vcpuList(String domain) {
        return Shell.command("xl", "vcpu-list", Shell.domainName(domain));
    }

    public static String cpupoolList() {
        return Shell.command("xl", "cpupool-list");
    }

    /** Pool name and CPU list. */
    public static String cpupoolCpus() {
        return Shell.command("xl", "cpupool-list", "-c");
    }

    public static String readSchedulerParams(XenScheduler scheduler, String domain) {
        return Shell.command("xl", scheduler.xlCommand(), "-d", Shell.domainName(domain));
    }

    public static String writeSchedulerParams(XenScheduler scheduler, String domain, int weight, int cap) {
        return Shell.command("xl", scheduler.xlCommand(), "-d", Shell.domainName(domain),
                "-w", Integer.toString(SchedulerParams.requireWeight(weight)), "-c", Integer.toString(cap));
    }

    public static String readPoolParams(String pool) {
        return Shell.command("xl", "sched-credit", "-s", "-p", Shell.cpupoolName(pool));
    }

    public static String writePoolParams(String pool, int timesliceMillis, int ratelimitMicros) {
        if (timesliceMillis < 1 || timesliceMillis > 1000) {
            throw new IllegalArgumentException("credit time slice " + timesliceMillis + " ms is outside 1-1000 ms");
        }
        if (ratelimitMicros < 0 || ratelimitMicros > timesliceMillis * 1000) {
            throw new IllegalArgumentException("rate limit " + ratelimitMicros + " us must be 0 to the time slice ("
                    + timesliceMillis * 1000 + " us)");
        }
        return Shell.command("xl", "sched-credit", "-s", "-p", Shell.cpupoolName(pool),
                "-t", Integer.toString(timesliceMillis), "-r", Integer.toString(ratelimitMicros));
    }

    /** Sets hard affinity of one vCPU ({@code vcpu} a number) or of {@code all}; soft affinity stays. */
    public static String vcpuPin(String domain, String vcpu, String cpus) {
        if (!vcpu.equals("all") && !vcpu.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("vCPU " + vcpu + " must be a number or 'all'");
        }
        return Shell.command("xl", "vcpu-pin", Shell.domainName(domain), vcpu, Shell.cpuList(cpus));
    }

    public static String cpupoolCpuRemove(String pool, int cpu) {
        return Shell.command("xl", "cpupool-cpu-remove", Shell.cpupoolName(pool), Integer.toString(requireCpu(cpu)));
    }

    public static String cpupoolCpuAdd(String pool, int cpu) {
        return Shell.command("xl", "cpupool-cpu-add", Shell.cpupoolName(pool), Integer.toString(requireCpu(cpu)));
    }

    /** {@code xl cpupool-create name="p" sched="credit" cpus=["1","2"]}, the key=value form with no config file. */
    public static String cpupoolCreate(String pool, XenScheduler scheduler, List<Integer> cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cpupool " + pool + " needs at least one CPU");
        }
        String cpuArray = cpus.stream().map(c -> "\"" + requireCpu(c) + "\"").collect(Collectors.joining(",", "[", "]"));
        return Shell.command("xl", "cpupool-create", "name=\"" + Shell.cpupoolName(pool) + "\"",
                "sched=\"" + scheduler.xlName() + "\"", "cpus=" + cpuArray);
    }

    public static String cpupoolDestroy(String pool) {
        return Shell.command("xl", "cpupool-destroy", Shell.cpupoolName(pool));
    }

    public static String cpupoolMigrate(String domain, String pool) {
        return Shell.command("xl", "cpupool-migrate", Shell.domainName(domain), Shell.cpupoolName(pool));
    }

    public static String pause(String domain) {
        return Shell.command("xl", "pause", Shell.domainName(domain));
    }

    public static String unpause(String domain) {
        return Shell.command("xl", "unpause", Shell.domainName(domain));
    }

    public static String create(String configPath) {
        return Shell.command("xl", "create", Shell.remotePath(configPath));
    }

    /** {@code xl create [-p] CONFIG}: with {@code paused}, the domain is built and held before it runs. */
    public static String create(String configPath, boolean paused) {
        return paused ? Shell.command("xl", "create", "-p", Shell.remotePath(configPath)) : create(configPath);
    }

    /** Writes an xl domain configuration to Dom0, readable by its owner only, the directory made if missing. */
    public static String writeDomainConfig(String configPath, String text) {
        String directory = Shell.remotePath(configPath).substring(0, configPath.lastIndexOf('/'));
        return "umask 077 && " + Shell.command("mkdir", "-p", directory.isEmpty() ? "/" : directory) + " && printf '%s' "
                + Shell.quote(text) + " > " + Shell.quote(configPath);
    }

    public static String destroy(String domain) {
        return Shell.command("xl", "destroy", Shell.domainName(domain));
    }

    public static String showCoalescing(String iface) {
        return Shell.command("ethtool", "-c", Shell.interfaceName(iface));
    }

    public static String setCoalescing(String iface, Knob.Coalesce coalescing) {
        return Shell.command("ethtool", "-C", Shell.interfaceName(iface),
                "rx-usecs", Integer.toString(coalescing.micros()), "rx-frames", Integer.toString(coalescing.frames()));
    }

    public static String pciAssignableList() {
        return Shell.command("xl", "pci-assignable-list");
    }

    public static String pciAssignableAdd(String bdf) {
        return Shell.command("xl", "pci-assignable-add", Shell.pciAddress(bdf));
    }

    /** {@code -r} gives the device back to the Dom0 driver it had before. */
    public static String pciAssignableRemove(String bdf) {
        return Shell.command("xl", "pci-assignable-remove", "-r", Shell.pciAddress(bdf));
    }

    public static String pciList(String domain) {
        return Shell.command("xl", "pci-list", Shell.domainName(domain));
    }

    public static String pciAttach(String domain, String bdf) {
        return Shell.command("xl", "pci-attach", Shell.domainName(domain), Shell.pciAddress(bdf));
    }

    public static String pciDetach(String domain, String bdf) {
        return Shell.command("xl", "pci-detach", Shell.domainName(domain), Shell.pciAddress(bdf));
    }

    /** Joins commands so that each runs only if the one before succeeded. */
    public static String allOf(List<String> commands) {
        return String.join(" && ", new ArrayList<>(commands));
    }

    private static int requireCpu(int cpu) {
        if (cpu < 0 || cpu > 4095) {
            throw new IllegalArgumentException("CPU number " + cpu + " is outside 0-4095");
        }
        return cpu;
    }
}
