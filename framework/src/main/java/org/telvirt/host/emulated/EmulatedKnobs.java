package org.telvirt.host.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.telvirt.knob.CpuSet;
import org.telvirt.knob.Knob;
import org.telvirt.knob.Tuning;

/**
 * What the emulated host makes of a configuration's knobs, the one place it reads them: weights, caps and pins
 * become each domain's scheduler parameters, coalescing and VMM bypass the Dom0 relay's behaviour, cores the
 * experiment's logical cores.
 */
final class EmulatedKnobs implements Knob.Visitor {
    private final Tuning tuning;
    private final Map<String, List<String>> askedByDomain = new TreeMap<>();
    private Knob.Coalesce coalescing;
    private boolean vmmBypass;
    private int cores;

    private EmulatedKnobs(Tuning tuning, int hostCores) {
        this.tuning = tuning;
        this.cores = hostCores;
    }

    static EmulatedKnobs of(Tuning tuning, int hostCores) {
        EmulatedKnobs knobs = new EmulatedKnobs(tuning, hostCores);
        tuning.accept(knobs);
        return knobs;
    }

    @Override
    public void weight(Knob.Weight weight) {
        asked(weight.domain(), "weight " + weight.value());
    }

    @Override
    public void cap(Knob.Cap cap) {
        asked(cap.domain(), "cap " + cap.value());
    }

    @Override
    public void pin(Knob.Pin pin) {
        asked(pin.domain(), "pin " + pin.value());
    }

    @Override
    public void coalesce(Knob.Coalesce coalesce) {
        coalescing = coalesce;
    }

    @Override
    public void vmmBypass(Knob.VmmBypass bypass) {
        vmmBypass = true;
    }

    @Override
    public void cores(Knob.Cores cores) {
        this.cores = cores.count();
    }

    /** The experiment's logical cores. */
    int cores() {
        return cores;
    }

    int weight(String domain) {
        return tuning.weight(domain);
    }

    /** The domain's cap in percent of a logical core, 0 for none, fair shares resolved over the domains present. */
    int capPercent(String domain, List<String> present, int vcpus) {
        return tuning.capPercent(domain, present, cores, vcpus);
    }

    /** The logical cores the domain's vCPUs may run on: its pin, else every core of the experiment. */
    CpuSet affinity(String domain) {
        return tuning.pin(domain).orElse(CpuSet.range(0, cores - 1));
    }

    Optional<Knob.Coalesce> coalescing() {
        return Optional.ofNullable(coalescing);
    }

    boolean vmmBypass() {
        return vmmBypass;
    }

    /** The domain's knobs as asked for ({@code weight 8192, pin 0}), or {@code defaults}. */
    String asked(String domain) {
        List<String> asked = askedByDomain.get(domain);
        return asked == null ? "defaults" : String.join(", ", asked);
    }

    private void asked(String domain, String knob) {
        askedByDomain.computeIfAbsent(domain, any -> new ArrayList<>()).add(knob);
    }
}
