package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telvirt.HostException;
import org.telvirt.hostkit.journal.RestoreStep;
import org.telvirt.knob.Knob;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.RemoteCommandException;
import org.telvirt.ssh.RemoteShell;
import org.telvirt.ssh.Shell;

/**
 * Applies the paper's knobs on a Xen host through Dom0, one command at a time, each as its {@link XenJournal} needs
 * it: plan (read the value the command will change), journal (the step with that value, on disk), apply, read back.
 * A read-back that shows the command did not take restores that step at once and fails naming it, with the restore's
 * own read-back. A run that dies anywhere in between leaves the step in the journal, whose restore is safe whether
 * or not the command ran.
 */
public final class XenKnobs {

    /** The two points inside one change where a run can die; tests stop it there. */
    enum Moment { JOURNALED, APPLIED }

    /** Called at each {@link Moment} of each change: a test's way to kill or cut the run exactly there. */
    @FunctionalInterface
    interface Interruption {
        Interruption NONE = (moment, step) -> { };

        void reached(Moment moment, XenStep step);
    }

    private static final String NOT_SUPPORTED = "Operation not supported";

    private final RemoteShell dom0;
    private final Xl xl;
    private final Interruption interruption;

    public XenKnobs(RemoteShell dom0) {
        this(dom0, Interruption.NONE);
    }

    XenKnobs(RemoteShell dom0, Interruption interruption) {
        this.dom0 = dom0;
        this.xl = new Xl(dom0);
        this.interruption = interruption;
    }

    public Xl xl() {
        return xl;
    }

    /**
     * Weight and cap ({@code xl sched-credit -d D -w W -c C}, or {@code sched-credit2} when the domain's
     * cpupool runs credit2). Cap is a percent of one physical CPU, 0 = no cap.
     */
    public KnobChange setWeightAndCap(XenJournal journal, String domain, int weight, int cap) {
        XlDomain target = xl.domain(domain);
        SchedulerParams.requireWeight(weight);
        SchedulerParams.requireCap(cap, target.vcpus());
        XenScheduler scheduler = xl.cpupool(target.cpupool()).xenScheduler();
        SchedulerParams before = xl.schedulerParams(scheduler, domain);
        return change(journal, new XenStep.WeightCap(scheduler, domain, before.weight(), before.cap(), weight, cap));
    }

    /** Hard affinity of every vCPU of the domain ({@code xl vcpu-pin D all CPUS}); soft affinity stays. */
    public KnobChange pinVcpus(XenJournal journal, String domain, String cpus) {
        Shell.cpuList(cpus);
        int nrCpus = xl.info().nrCpus();
        List<String> before = xl.vcpus(domain).stream().map(XlVcpu::hardAffinity).toList();
        return change(journal, new XenStep.VcpuPin(domain, nrCpus, before, cpus));
    }

    /**
     * A new cpupool holding {@code cpus}: each CPU taken from the pool that holds it ({@code xl cpupool-cpu-remove}),
     * then the pool created ({@code xl cpupool-create}), each command its own journal step, so a chain cut short is
     * restored as far as it went. Its restore destroys the pool (migrate its domains out first: the journal's reverse
     * order does) and gives each CPU back.
     */
    public KnobChange createCpupool(XenJournal journal, String pool, XenScheduler scheduler, List<Integer> cpus) {
        Shell.cpupoolName(pool);
        int nrCpus = xl.info().nrCpus();
        Map<String, String> before = xl.cpupoolCpus();
        if (before.containsKey(pool)) {
            throw new IllegalArgumentException("cpupool " + pool + " already exists");
        }
        List<XenStep> chain = new ArrayList<>();
        for (int cpu : cpus) {
            if (cpu >= nrCpus) {
                throw new IllegalArgumentException("CPU " + cpu + " does not exist: the host has " + nrCpus);
            }
            before.entrySet().stream().filter(e -> !e.getValue().isEmpty() && Xl.cpuSet(e.getValue(), nrCpus).get(cpu))
                    .map(Map.Entry::getKey).findFirst()
                    .ifPresent(owner -> chain.add(new XenStep.CpupoolCpuRemove(owner, cpu, nrCpus)));
        }
        chain.add(new XenStep.CpupoolCreate(pool, scheduler, cpus, nrCpus));
        List<String> applied = new ArrayList<>();
        for (XenStep step : chain) {
            applied.add(change(journal, step).applyCommand());
        }
        return new KnobChange("cpupool", pool, before.toString(), xl.cpupoolCpus().toString(),
                XlCommands.allOf(applied));
    }

    /**
     * Moves a domain into another cpupool. Xen resets the domain's weight, cap and hard affinity when
     * it migrates (seen on Xen 4.17), so apply those knobs after this one; the restore migrates back
     * and puts back the weight, cap and pinning the domain had before.
     */
    public KnobChange moveToCpupool(XenJournal journal, String domain, String pool) {
        XlDomain target = xl.domain(domain);
        if (target.cpupool().equals(pool)) {
            throw new IllegalArgumentException("domain " + domain + " is already in cpupool " + pool);
        }
        xl.cpupool(pool); // a missing pool fails here, before anything is journaled
        XenScheduler scheduler = xl.cpupool(target.cpupool()).xenScheduler();
        SchedulerParams params = xl.schedulerParams(scheduler, domain);
        List<String> hard = xl.vcpus(domain).stream().map(XlVcpu::hardAffinity).toList();
        return change(journal, new XenStep.CpupoolMigrate(domain, target.cpupool(), pool, scheduler, params.weight(),
                params.cap(), hard, xl.info().nrCpus()));
    }

    /** A credit pool's time slice and rate limit ({@code xl sched-credit -s -p P -t T -r R}). */
    public KnobChange setTimeslice(XenJournal journal, String pool, int timesliceMillis, int ratelimitMicros) {
        XlCommands.writePoolParams(pool, timesliceMillis, ratelimitMicros); // refuses a bad value before it is journaled
        PoolSchedulerParams before = xl.poolParams(pool);
        return change(journal, new XenStep.PoolTimeslice(pool, before.timesliceMillis(), before.ratelimitMicros(),
                timesliceMillis, ratelimitMicros));
    }

    /**
     * Receive interrupt coalescing of a Dom0 interface ({@code ethtool -C IF rx-usecs U rx-frames F}). A driver that
     * refuses it changed nothing, and its journaled step restores as already in place.
     */
    public KnobChange setCoalescing(XenJournal journal, String iface, Knob.Coalesce coalescing) {
        Knob.Coalesce before = currentCoalescing(iface);
        try {
            return change(journal, new XenStep.Coalescing(iface, before.micros(), before.frames(), coalescing.micros(),
                    coalescing.frames()));
        } catch (RemoteCommandException refused) {
            if (refused.result().stderr().contains(NOT_SUPPORTED)) {
                throw coalescingUnsupported(iface, "'ethtool -C' says: " + refused.result().stderr().strip());
            }
            throw refused;
        }
    }

    /**
     * Why receive coalescing cannot be set on the interface, found by setting its current values (no change, so not
     * journaled): the driver shows no settings, or refuses even its current ones. Empty when it can.
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
    public KnobChange makePciAssignable(XenJournal journal, String bdf) {
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
        if (Xl.containsDevice(listed.requireSuccess().stdout(), bdf)) {
            throw new IllegalArgumentException("PCI device " + bdf + " is already assignable: not changed, not journaled");
        }
        return change(journal, new XenStep.PciAssignable(bdf));
    }

    /** Gives an assignable PCI device to a running guest (the second half of VMM bypass). */
    public KnobChange attachPci(XenJournal journal, String domain, String bdf) {
        if (Xl.containsDevice(xl.pciList(domain), bdf)) {
            throw new IllegalArgumentException("PCI device " + bdf + " is already attached to " + domain
                    + ": not changed, not journaled");
        }
        return change(journal, new XenStep.PciAttach(domain, bdf));
    }

    /**
     * Makes a domain from an xl configuration already written to Dom0 ({@code xl create [-p] CONFIG}); its restore
     * destroys it. A domain of that name that exists already is refused before anything is journaled: the run must
     * never destroy a domain it did not make.
     */
    public KnobChange createDomain(XenJournal journal, String domain, String configPath, boolean paused) {
        Shell.domainName(domain);
        XlCommands.create(configPath, paused); // refuses a bad path before it is journaled
        if (xl.domains().stream().anyMatch(listed -> listed.name().equals(domain))) {
            throw new IllegalArgumentException("Xen domain " + domain + " exists already, and the profile asks the run to"
                    + " create it: destroy it, or map the role to it without a domainConfig setting");
        }
        return change(journal, new XenStep.DomainCreate(domain, configPath, paused));
    }

    /** Lets a paused domain run ({@code xl unpause}); its restore pauses it again. One already running is refused. */
    public KnobChange unpause(XenJournal journal, String domain) {
        if (!xl.domain(domain).paused()) {
            throw new IllegalArgumentException("Xen domain " + domain + " is not paused, so its load already runs:"
                    + " cpuBoundLoad 'unpause' needs the CPU-bound domains paused between runs");
        }
        return change(journal, new XenStep.Unpause(domain));
    }

    /**
     * One command, write-ahead: journaled, run, read back. The step's value from before is already in it (read by
     * the caller), so from the moment it is on disk any restore knows what to put back.
     */
    private KnobChange change(XenJournal journal, XenStep step) {
        journal.append(step);
        interruption.reached(Moment.JOURNALED, step);
        dom0.run(step.apply());
        interruption.reached(Moment.APPLIED, step);
        String readBack = step.found(xl);
        if (!step.took(readBack)) {
            RestoreStep restored = journal.restoreNewest();
            throw new HostException("Xen did not take " + step.knob() + " on " + step.subject() + " (" + step.apply()
                    + "): read back " + readBack + "; " + (restored.verified()
                    ? "restored to the journaled " + step.before() + " and read back"
                    : "its restore failed too: " + restored + "; the step stays in " + journal.file()));
        }
        return new KnobChange(step.knob(), step.subject(), step.before(), readBack, step.apply());
    }
}
