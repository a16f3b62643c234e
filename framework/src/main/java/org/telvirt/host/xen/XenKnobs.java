package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.telvirt.knob.Knob;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.Shell;

/**
 * Applies the paper's knobs on a Xen host through Dom0: each method reads the current value, applies
 * the new one, reads it back (a value Xen did not take fails here), and returns the {@link KnobChange}
 * whose undo command restores the value read before. Nothing is kept here: the caller's journal
 * keeps the changes and undoes them in reverse order.
 */
public final class XenKnobs {

    private static final String NOT_SUPPORTED = "Operation not supported";

    private final RemoteShell dom0;
    private final Xl xl;

    public XenKnobs(RemoteShell dom0) {
        this.dom0 = dom0;
        this.xl = new Xl(dom0);
    }

    public Xl xl() {
        return xl;
    }

    /**
     * Weight and cap ({@code xl sched-credit -d D -w W -c C}, or {@code sched-credit2} when the domain's
     * cpupool runs credit2). Cap is a percent of one physical CPU, 0 = no cap.
     */
    public KnobChange setWeightAndCap(String domain, int weight, int cap) {
        XlDomain target = xl.domain(domain);
        SchedulerParams.requireWeight(weight);
        SchedulerParams.requireCap(cap, target.vcpus());
        XenScheduler scheduler = xl.cpupool(target.cpupool()).xenScheduler();
        SchedulerParams before = xl.schedulerParams(scheduler, domain);
        String apply = XlCommands.writeSchedulerParams(scheduler, domain, weight, cap);
        String undo = XlCommands.writeSchedulerParams(scheduler, domain, before.weight(), before.cap());
        dom0.run(apply);
        SchedulerParams after = xl.schedulerParams(scheduler, domain);
        requireReadBack(after.weight() == weight && after.cap() == cap, domain, "weight " + weight + " cap " + cap,
                weightCap(after), undo);
        return new KnobChange(scheduler.xlName() + ".weight-cap", domain, weightCap(before), weightCap(after), apply, undo);
    }

    /** Hard affinity of every vCPU of the domain ({@code xl vcpu-pin D all CPUS}); soft affinity stays. */
    public KnobChange pinVcpus(String domain, String cpus) {
        Shell.cpuList(cpus);
        int nrCpus = xl.info().nrCpus();
        List<XlVcpu> before = xl.vcpus(domain);
        String apply = XlCommands.vcpuPin(domain, "all", cpus);
        String undo = restorePins(domain, before);
        dom0.run(apply);
        List<XlVcpu> after = xl.vcpus(domain);
        BitSet wanted = Xl.cpuSet(cpus, nrCpus);
        requireReadBack(after.stream().allMatch(v -> Xl.cpuSet(v.hardAffinity(), nrCpus).equals(wanted)), domain,
                "hard affinity " + cpus, hardAffinities(after), undo);
        return new KnobChange("vcpu-pin", domain, hardAffinities(before), hardAffinities(after), apply, undo);
    }

    /**
     * A new cpupool holding {@code cpus}, taken from the pools that hold them now
     * ({@code xl cpupool-cpu-remove} then {@code xl cpupool-create}). Undo destroys it (migrate its
     * domains out first: the journal's reverse order does) and gives the CPUs back.
     */
    public KnobChange createCpupool(String pool, XenScheduler scheduler, List<Integer> cpus) {
        Shell.cpupoolName(pool);
        int nrCpus = xl.info().nrCpus();
        Map<String, String> before = xl.cpupoolCpus();
        if (before.containsKey(pool)) {
            throw new IllegalArgumentException("cpupool " + pool + " already exists");
        }
        List<String> apply = new ArrayList<>();
        List<String> giveBack = new ArrayList<>();
        for (int cpu : cpus) {
            if (cpu >= nrCpus) {
                throw new IllegalArgumentException("CPU " + cpu + " does not exist: the host has " + nrCpus);
            }
            String owner = before.entrySet().stream().filter(e -> !e.getValue().isEmpty()
                            && Xl.cpuSet(e.getValue(), nrCpus).get(cpu)).map(Map.Entry::getKey).findFirst()
                    .orElse(null);
            if (owner != null) {
                apply.add(XlCommands.cpupoolCpuRemove(owner, cpu));
                giveBack.add(XlCommands.cpupoolCpuAdd(owner, cpu));
            }
        }
        apply.add(XlCommands.cpupoolCreate(pool, scheduler, cpus));
        List<String> undoSteps = new ArrayList<>();
        undoSteps.add(XlCommands.cpupoolDestroy(pool));
        undoSteps.addAll(giveBack);
        String applyCommand = XlCommands.allOf(apply);
        String undo = XlCommands.allOf(undoSteps);
        dom0.run(applyCommand);
        Map<String, String> after = xl.cpupoolCpus();
        String wanted = cpus.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        BitSet wantedSet = Xl.cpuSet(wanted, nrCpus);
        requireReadBack(after.containsKey(pool) && Xl.cpuSet(after.get(pool), nrCpus).equals(wantedSet)
                        && xl.cpupool(pool).scheduler().equals(scheduler.xlName()),
                pool, scheduler.xlName() + " pool on CPUs " + wanted, after.toString(), undo);
        return new KnobChange("cpupool", pool, before.toString(), after.toString(), applyCommand, undo);
    }

    /**
     * Moves a domain into another cpupool. Xen resets the domain's weight, cap and hard affinity when
     * it migrates (seen on Xen 4.17), so apply those knobs after this one; the undo migrates back
     * and puts back the weight, cap and pinning the domain had before.
     */
    public KnobChange moveToCpupool(String domain, String pool) {
        XlDomain target = xl.domain(domain);
        if (target.cpupool().equals(pool)) {
            throw new IllegalArgumentException("domain " + domain + " is already in cpupool " + pool);
        }
        XenScheduler oldScheduler = xl.cpupool(target.cpupool()).xenScheduler();
        SchedulerParams params = xl.schedulerParams(oldScheduler, domain);
        List<XlVcpu> vcpus = xl.vcpus(domain);
        String apply = XlCommands.cpupoolMigrate(domain, pool);
        String undo = XlCommands.allOf(List.of(XlCommands.cpupoolMigrate(domain, target.cpupool()),
                XlCommands.writeSchedulerParams(oldScheduler, domain, params.weight(), params.cap()),
                restorePins(domain, vcpus)));
        dom0.run(apply);
        String now = xl.domain(domain).cpupool();
        requireReadBack(pool.equals(now), domain, "cpupool " + pool, "cpupool " + now, undo);
        return new KnobChange("cpupool-migrate", domain, target.cpupool(), now, apply, undo);
    }

    /** A credit pool's time slice and rate limit ({@code xl sched-credit -s -p P -t T -r R}). */
    public KnobChange setTimeslice(String pool, int timesliceMillis, int ratelimitMicros) {
        PoolSchedulerParams before = xl.poolParams(pool);
        String apply = XlCommands.writePoolParams(pool, timesliceMillis, ratelimitMicros);
        String undo = XlCommands.writePoolParams(pool, before.timesliceMillis(), before.ratelimitMicros());
        dom0.run(apply);
        PoolSchedulerParams after = xl.poolParams(pool);
        requireReadBack(after.timesliceMillis() == timesliceMillis && after.ratelimitMicros() == ratelimitMicros,
                pool, "tslice " + timesliceMillis + " ms ratelimit " + ratelimitMicros + " us", after.toString(), undo);
        return new KnobChange("credit.timeslice", pool, before.toString(), after.toString(), apply, undo);
    }

    /** Receive interrupt coalescing of a Dom0 interface ({@code ethtool -C IF rx-usecs U rx-frames F}). */
    public KnobChange setCoalescing(String iface, Knob.Coalesce coalescing) {
        Knob.Coalesce before = currentCoalescing(iface);
        String apply = XlCommands.setCoalescing(iface, coalescing);
        String undo = XlCommands.setCoalescing(iface, before);
        ExecResult applied = dom0.exec(apply);
        if (applied.exitStatus() != 0 && applied.stderr().contains(NOT_SUPPORTED)) {
            throw coalescingUnsupported(iface, "'ethtool -C' says: " + applied.stderr().strip());
        }
        applied.requireSuccess();
        Knob.Coalesce after = xl.coalescing(iface);
        requireReadBack(after.equals(coalescing), iface, coalescing.toString(), after.toString(), undo);
        return new KnobChange("coalescing", iface, before.toString(), after.toString(), apply, undo);
    }

    /**
     * Why receive coalescing cannot be set on the interface, found without changing it: the driver
     * shows no settings, or refuses even its current ones. Empty when it can.
     */
    public Optional<String> coalescingUnsupportedReason(String iface) {
        try {
            Knob.Coalesce current = currentCoalescing(iface);
            ExecResult probe = dom0.exec(XlCommands.setCoalescing(iface, current));
            if (probe.exitStatus() != 0) {
                return Optional.of(coalescingUnsupported(iface, "'ethtool -C' with its current values says: "
                        + probe.stderr().strip()).getMessage());
            }
            return Optional.empty();
        } catch (UnsupportedKnobException e) {
            return Optional.of(e.getMessage());
        }
    }

    private Knob.Coalesce currentCoalescing(String iface) {
        ExecResult shown = dom0.exec(XlCommands.showCoalescing(iface));
        if (shown.exitStatus() != 0 && shown.stderr().contains(NOT_SUPPORTED)) {
            throw coalescingUnsupported(iface, "'ethtool -c' says: " + shown.stderr().strip());
        }
        try {
            return Knob.Coalesce.parseEthtool(shown.requireSuccess().stdout());
        } catch (IllegalArgumentException e) {
            throw coalescingUnsupported(iface, "the driver reports no rx-usecs/rx-frames");
        }
    }

    private static UnsupportedKnobException coalescingUnsupported(String iface, String reason) {
        return new UnsupportedKnobException("interrupt coalescing on " + iface,
                reason + " (virtual NICs such as virtio-net and Xen vifs have no coalescing)");
    }

    /**
     * Hands a PCI device to pciback so a guest can own it (the first half of VMM bypass). Needs an
     * IOMMU: Xen lists {@code pv_directio} among its virt_caps only then.
     */
    public KnobChange makePciAssignable(String bdf) {
        Shell.pciAddress(bdf);
        XlInfo info = xl.info();
        if (!info.virtCaps().contains("pv_directio")) {
            throw new UnsupportedKnobException("PCI passthrough of " + bdf, "Xen has no IOMMU here (virt_caps: "
                    + info.field("virt_caps") + ", no pv_directio)");
        }
        ExecResult listed = dom0.exec(XlCommands.pciAssignableList());
        if (listed.stderr().contains("pciback driver not loaded")) {
            throw new UnsupportedKnobException("PCI passthrough of " + bdf, "the xen-pciback driver is not loaded in Dom0");
        }
        String before = listed.requireSuccess().stdout().strip();
        if (containsDevice(before, bdf)) {
            throw new IllegalArgumentException("PCI device " + bdf + " is already assignable: not changed, not journaled");
        }
        String apply = XlCommands.pciAssignableAdd(bdf);
        String undo = XlCommands.pciAssignableRemove(bdf);
        dom0.run(apply);
        String after = dom0.run(XlCommands.pciAssignableList()).stdout().strip();
        requireReadBack(containsDevice(after, bdf), bdf, "assignable", after, undo);
        return new KnobChange("pci-assignable", bdf, before, after, apply, undo);
    }

    /** Gives an assignable PCI device to a running guest (the second half of VMM bypass). */
    public KnobChange attachPci(String domain, String bdf) {
        String before = xl.pciList(domain).strip();
        String apply = XlCommands.pciAttach(domain, bdf);
        String undo = XlCommands.pciDetach(domain, bdf);
        dom0.run(apply);
        String after = xl.pciList(domain).strip();
        requireReadBack(containsDevice(after, bdf), domain, "PCI device " + bdf + " attached", after, undo);
        return new KnobChange("pci-attach", domain, before, after, apply, undo);
    }

    /** Runs the change's undo command. */
    public void undo(KnobChange change) {
        dom0.run(change.undoCommand());
    }

    private void requireReadBack(boolean applied, String subject, String wanted, String readBack, String undo) {
        if (!applied) {
            dom0.exec(undo);
            throw new IllegalStateException("Xen did not take " + wanted + " for " + subject + ": read back " + readBack
                    + " (undone with: " + undo + ")");
        }
    }

    private static String restorePins(String domain, List<XlVcpu> vcpus) {
        return XlCommands.allOf(vcpus.stream()
                .map(v -> XlCommands.vcpuPin(domain, Integer.toString(v.vcpu()), v.hardAffinity()))
                .toList());
    }

    private static String weightCap(SchedulerParams params) {
        return "weight " + params.weight() + " cap " + params.cap();
    }

    private static String hardAffinities(List<XlVcpu> vcpus) {
        return vcpus.stream().map(v -> v.vcpu() + ":" + v.hardAffinity()).collect(Collectors.joining(" "));
    }

    private static boolean containsDevice(String listing, String bdf) {
        String shortForm = bdf.length() == 7 ? bdf : bdf.substring(5);
        return listing.lines().anyMatch(l -> l.contains(bdf) || l.contains("0000:" + shortForm));
    }
}
