package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.telvirt.Role;
import org.telvirt.host.HostProfile;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.knob.Knob;
import org.telvirt.knob.Tuning;

/**
 * How the Xen driver applies a configuration's knobs, the one place it reads them: each knob becomes {@code xl} or
 * {@code ethtool} changes through Dom0, journaled, in the order Xen needs (cores first: moving CPUs between cpupools
 * resets the scheduler parameters of the domains that move).
 */
final class XenTuning implements Knob.Visitor {
    /** Domains the turnkey figures take cores from are parked in this pool, which runs nothing. */
    static final String PARKING_POOL = "telvirt-parked";

    private final Tuning tuning;
    private final HostProfile profile;
    private final int hostCpus;
    private final Set<String> schedulerDomains = new TreeSet<>();
    private final List<Knob.Pin> pins = new ArrayList<>();
    private final List<Knob.Coalesce> coalescing = new ArrayList<>();
    private int cpusInUse;
    private boolean vmmBypass;

    XenTuning(Tuning tuning, HostProfile profile, int hostCpus) {
        this.tuning = tuning;
        this.profile = profile;
        this.hostCpus = hostCpus;
        this.cpusInUse = hostCpus;
        tuning.accept(this);
    }

    @Override
    public void weight(Knob.Weight weight) {
        schedulerDomains.add(weight.domain());
    }

    @Override
    public void cap(Knob.Cap cap) {
        schedulerDomains.add(cap.domain());
    }

    @Override
    public void pin(Knob.Pin pin) {
        pins.add(pin);
    }

    @Override
    public void coalesce(Knob.Coalesce coalesce) {
        coalescing.add(coalesce);
    }

    @Override
    public void vmmBypass(Knob.VmmBypass bypass) {
        vmmBypass = true;
    }

    @Override
    public void cores(Knob.Cores cores) {
        cpusInUse = Math.min(cores.count(), hostCpus);
    }

    boolean vmmBypass() {
        return vmmBypass;
    }

    boolean coalesces() {
        return !coalescing.isEmpty();
    }

    /**
     * Applies every knob, each command journaled before it runs.
     *
     * @param present the roles of the run's domains, whose weights a fair-share cap is measured against
     */
    List<AppliedKnob> apply(XenKnobs knobs, XenJournal journal, List<String> present) {
        List<AppliedKnob> applied = new ArrayList<>();
        if (cpusInUse < hostCpus) {
            List<Integer> parked = IntStream.range(cpusInUse, hostCpus).boxed().toList();
            KnobChange change = knobs.createCpupool(journal, PARKING_POOL, XenScheduler.CREDIT, parked);
            applied.add(new AppliedKnob("host", "cores", Integer.toString(cpusInUse), "CPUs " + parked
                    + " parked in cpupool " + PARKING_POOL + ": " + change.after()));
        }
        for (String role : present) {
            if (schedulerDomains.contains(role)) {
                applied.add(applyWeightAndCap(knobs, journal, role, present));
            }
        }
        for (Knob.Pin pin : pins) {
            KnobChange change = knobs.pinVcpus(journal, profile.domainName(pin.domain()), pin.cpus().toCommaList());
            applied.add(new AppliedKnob(pin.domain(), "pin", pin.value(), change.applyCommand() + " (read back: "
                    + change.after() + ")"));
        }
        for (Knob.Coalesce wanted : coalescing) {
            KnobChange change = knobs.setCoalescing(journal, coalesceInterface(), wanted);
            applied.add(new AppliedKnob(Role.DOM0, "coalesce", wanted.value(), change.applyCommand()));
        }
        if (vmmBypass) {
            String device = bypassDevice().orElseThrow();
            knobs.makePciAssignable(journal, device);
            KnobChange attach = knobs.attachPci(journal, profile.domainName(Role.MEDIA), device);
            applied.add(new AppliedKnob(Role.MEDIA, "vmmBypass", "true", attach.applyCommand()));
        }
        return applied;
    }

    private AppliedKnob applyWeightAndCap(XenKnobs knobs, XenJournal journal, String role, List<String> present) {
        String domain = profile.domainName(role);
        int vcpus = knobs.xl().domain(domain).vcpus();
        int weight = tuning.weight(role);
        int capPercent = tuning.capPercent(role, present, cpusInUse, vcpus);
        Optional<Knob.Cap> cap = tuning.cap(role);
        KnobChange change = knobs.setWeightAndCap(journal, domain, weight, capPercent);
        return new AppliedKnob(role, "weight-cap", "weight " + weight + cap.map(c -> ", cap " + c.value()).orElse(""),
                change.applyCommand() + " (read back: " + change.after()
                        + (cap.filter(Knob.Cap::fairShare).isPresent() ? "; weighted fair share of " + cpusInUse + " CPUs"
                                : "") + ")");
    }

    String coalesceInterface() {
        return profile.setting("coalesceInterface", "eth0");
    }

    Optional<String> bypassDevice() {
        return Optional.ofNullable(profile.setting("bypassPciDevice", null));
    }
}
