package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.telvirt.knob.Knob;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.Shell;

/** What Dom0's {@code xl} says about the host: read only, every call a fresh look. */
public final class Xl {

    private final RemoteShell dom0;

    public Xl(RemoteShell dom0) {
        this.dom0 = dom0;
    }

    public XlInfo info() {
        return XlInfo.parse(dom0.run(XlCommands.info()).stdout());
    }

    public List<XlDomain> domains() {
        return XlDomain.parseList(dom0.run(XlCommands.list()).stdout());
    }

    public XlDomain domain(String name) {
        Shell.domainName(name);
        return domains().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Xen domain " + name + " does not exist on "
                        + "this host (xl list has: " + domains().stream().map(XlDomain::name).toList() + ")"));
    }

    public List<XlVcpu> vcpus() {
        return XlVcpu.parseList(dom0.run(XlCommands.vcpuList()).stdout());
    }

    public List<XlVcpu> vcpus(String domain) {
        return XlVcpu.parseList(dom0.run(XlCommands.vcpuList(domain)).stdout());
    }

    public List<XlCpupool> cpupools() {
        return XlCpupool.parseList(dom0.run(XlCommands.cpupoolList()).stdout());
    }

    public Map<String, String> cpupoolCpus() {
        return XlCpupool.parseCpuLists(dom0.run(XlCommands.cpupoolCpus()).stdout());
    }

    public XlCpupool cpupool(String name) {
        return cpupools().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cpupool " + name + " does not exist"));
    }

    /** The scheduler of the cpupool the domain is in: it decides between sched-credit and sched-credit2. */
    public XenScheduler schedulerOf(String domain) {
        return cpupool(domain(domain).cpupool()).xenScheduler();
    }

    public SchedulerParams schedulerParams(String domain) {
        return schedulerParams(schedulerOf(domain), domain);
    }

    public SchedulerParams schedulerParams(XenScheduler scheduler, String domain) {
        return SchedulerParams.parse(dom0.run(XlCommands.readSchedulerParams(scheduler, domain)).stdout(), domain);
    }

    /** {@code xl sched-credit}: weight and cap of every domain in a credit cpupool, one call. */
    public String creditParamsOfAllDomains() {
        return dom0.run(Shell.command("xl", "sched-credit")).stdout();
    }

    public PoolSchedulerParams poolParams(String pool) {
        return PoolSchedulerParams.parse(dom0.run(XlCommands.readPoolParams(pool)).stdout());
    }

    public Knob.Coalesce coalescing(String iface) {
        return Knob.Coalesce.parseEthtool(dom0.run(XlCommands.showCoalescing(iface)).stdout());
    }

    /** The devices {@code xl pci-assignable-list} shows as handed to pciback. */
    public String pciAssignable() {
        return dom0.run(XlCommands.pciAssignableList()).stdout();
    }

    /** The devices {@code xl pci-list D} shows as attached to the domain. */
    public String pciList(String domain) {
        return dom0.run(XlCommands.pciList(domain)).stdout();
    }

    /**
     * CPUs of a list as {@code xl} prints it ({@code all}, {@code 1}, {@code 0-1,3}), as a set; {@code all}
     * means every CPU of the host.
     */
    public static BitSet cpuSet(String list, int nrCpus) {
        BitSet cpus = new BitSet();
        if (list.strip().equals("all")) {
            cpus.set(0, nrCpus);
            return cpus;
        }
        for (String part : Shell.cpuList(list.strip()).split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /** A CPU set in one form whatever form {@code xl} printed it in: {@code all} when it is every CPU, else {@code 0-1,3}. */
    public static String cpuList(BitSet cpus, int nrCpus) {
        if (cpus.cardinality() == nrCpus && cpus.nextSetBit(nrCpus) < 0) {
            return "all";
        }
        List<String> ranges = new ArrayList<>();
        for (int from = cpus.nextSetBit(0); from >= 0; from = cpus.nextSetBit(from + 1)) {
            int to = cpus.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = to;
        }
        return String.join(",", ranges);
    }

    /** Whether a listing of PCI devices names {@code bdf}, with or without its domain part. */
    static boolean containsDevice(String listing, String bdf) {
        String shortForm = bdf.length() == 7 ? bdf : bdf.substring(5);
        return listing.lines().anyMatch(l -> l.contains(bdf) || l.contains("0000:" + shortForm));
    }
}
