package org.telvirt.host.xen;

import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.telvirt.knob.AppliedKnob;
import org.telvirt.knob.Tuning;
import org.telvirt.ssh.RemoteShell;

/**
 * A Xen host driven through Dom0 over SSH: the profile's roles are Xen domains, every knob goes
 * through {@link XenKnobs} into the host's {@link XenJournal}, the RTP clients run on this machine
 * and send to the media domain's server, wherever the host's {@link XenAccess} says it answers.
 */
final class XenHost implements Host {

    private final HostProfile profile;
    private final XenAccess access;
    private final XenKnobs knobs;
    private final XenJournal journal;
    private final XlInfo info;

    /** @param access how Dom0 and the guests are reached; {@link #close()} closes it */
    XenHost(HostProfile profile, XenAccess access, Path journalFile, Consumer<String> progress) {
        this(profile, access, journalFile, progress, XenKnobs.Interruption.NONE);
    }

    /** @param interruption where a test kills or cuts a run in the middle of a change */
    XenHost(HostProfile profile, XenAccess access, Path journalFile, Consumer<String> progress,
            XenKnobs.Interruption interruption) {
        this.profile = profile;
        this.access = access;
        RemoteShell dom0 = access.dom0();
        this.knobs = new XenKnobs(dom0, interruption);
        this.journal = XenJournal.open(journalFile, dom0, profile.name(), progress);
        this.info = knobs.xl().info();
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    @Override
    public List<String> validate(Configuration configuration) {
        List<String> problems = new ArrayList<>();
        Set<String> existing = new LinkedHashSet<>(knobs.xl().domains().stream().map(XlDomain::name).toList());
        for (String role : roles(configuration)) {
            String domain = profile.domainName(role);
            if (!existing.contains(domain)) {
                problems.add("configuration " + configuration.id() + ": role '" + role + "' is Xen domain '" + domain
                        + "' in host profile " + profile.name() + ", which xl list does not show (it has " + existing + ")");
            }
        }
        configuration.tuning().problemsOn(info.nrCpus()).forEach(problem -> problems.add("configuration "
                + configuration.id() + " on Xen host " + profile.name() + ": " + problem));
        // without it the clients have nowhere to send: a gate would pass having measured nothing
        if (access.mediaServer().isEmpty()) {
            problems.add("host profile " + profile.name() + " needs settings.mediaServer (HOST:PORT of the media server"
                    + " running in the media domain, as example-xen.yaml shows) for the RTP clients to send to");
        }
        return problems;
    }

    @Override
    public Optional<String> unsupportedReason(Configuration configuration) {
        XenTuning tuning = new XenTuning(configuration.tuning(), profile, info.nrCpus());
        if (tuning.vmmBypass()) {
            Optional<String> reason = bypassUnsupportedReason(tuning);
            if (reason.isPresent()) {
                return reason;
            }
        }
        if (tuning.coalesces()) {
            Optional<String> reason = coalescingUnsupportedReason(tuning);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    /**
     * A real Xen host: every capability its profile and {@code xl}/{@code ethtool} show, except a 1 % cap on Dom0, which
     * starves the SSH session that drives and restores the host (docs/xen-lab.md).
     */
    @Override
    public Optional<String> lacks(HostCapability capability) {
        return switch (capability) {
            case HYPERVISOR -> Optional.empty();
            case FOUR_CORES -> info.nrCpus() >= 4 ? Optional.empty()
                    : Optional.of("Xen on " + profile.name() + " has " + info.nrCpus() + " CPUs");
            case DOM0_CAP_SURVIVABLE -> Optional.of("a 1 % cap on Dom0 starves the SSH session that drives and restores"
                    + " " + profile.name());
            case SEPARATE_L2_CACHES -> profile.l2Groups() != null && profile.l2Groups().contains(List.of(0, 1))
                    && profile.l2Groups().contains(List.of(2, 3)) ? Optional.empty()
                    : Optional.of("host profile " + profile.name() + " has l2Groups " + profile.l2Groups()
                            + ", not the two pairs [0, 1] and [2, 3]");
            case INTERRUPT_COALESCING -> coalescingUnsupportedReason(profileTuning());
            case VMM_BYPASS -> bypassUnsupportedReason(profileTuning());
        };
    }

    /** The profile's side of every tuning: its interfaces and devices, no knob. */
    private XenTuning profileTuning() {
        return new XenTuning(Tuning.DEFAULTS, profile, info.nrCpus());
    }

    private Optional<String> bypassUnsupportedReason(XenTuning tuning) {
        if (!info.virtCaps().contains("pv_directio")) {
            return Optional.of("@VmmBypass needs PCI passthrough, and Xen on " + profile.name() + " has no IOMMU (virt_caps: "
                    + info.field("virt_caps") + ")");
        }
        if (tuning.bypassDevice().isEmpty()) {
            return Optional.of("@VmmBypass needs settings.bypassPciDevice (the NIC's PCI address) in host profile " + profile.name());
        }
        return Optional.empty();
    }

    private Optional<String> coalescingUnsupportedReason(XenTuning tuning) {
        return knobs.coalescingUnsupportedReason(tuning.coalesceInterface())
                .map(reason -> "@Coalesce on " + profile.name() + ": " + reason);
    }

    @Override
    public HostRun provision(Configuration configuration, Path resultDirectory) {
        if (!journal.steps().isEmpty()) {
            // an earlier run's restore left them (Dom0 was away): nothing changes before they are back
            journal.restoreAll();
        }
        XenRun run = new XenRun(configuration.workload(), resultDirectory);
        try {
            run.applied.addAll(new XenTuning(configuration.tuning(), profile, info.nrCpus())
                    .apply(knobs, journal, roles(configuration)));
            for (String cpuBound : configuration.workload().guestDomains()) {
                if (Role.CPU_BOUND_VMS.contains(cpuBound)) {
                    access.startCpuBoundLoad(profile.domainName(cpuBound));
                    run.loaded.add(profile.domainName(cpuBound));
                }
            }
            return run;
        } catch (RuntimeException failed) {
            try {
                run.close();
            } catch (RuntimeException notRestored) {
                // the host left changed is what the lab must act on; why the run stopped comes with it
                notRestored.addSuppressed(failed);
                throw notRestored;
            }
            throw failed;
        }
    }

    private List<String> roles(Configuration configuration) {
        List<String> roles = new ArrayList<>();
        roles.add(Role.DOM0);
        roles.addAll(configuration.workload().guestDomains());
        return roles;
    }

    @Override
    public void close() {
        access.close();
    }

    private final class XenRun implements HostRun {
        private final WorkloadStack stack;
        private final List<AppliedKnob> applied = new ArrayList<>();
        private final List<String> loaded = new ArrayList<>();

        XenRun(Workload workload, Path resultDirectory) {
            this.stack = new WorkloadStack(ProgramLauncher.PLAIN, resultDirectory, List.of(), List.of(),
                ProfileGenerators.of(profile.generators()));
        }

        @Override
        public List<AppliedKnob> applied() {
            return List.copyOf(applied);
        }

        @Override
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            notes.add("xen: Xen " + info.xenVersion() + ", default pool scheduler " + info.xenScheduler() + ", "
                    + info.nrCpus() + " CPUs; knobs applied with xl through Dom0 over SSH and read back");
            notes.addAll(access.notes());
            return notes;
        }

        @Override
        public Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException {
            Map<String, String> statistics = new LinkedHashMap<>();
            statistics.put("xen_version", info.xenVersion());
            statistics.put("xen_scheduler", info.xenScheduler());
            return stack.runClients(workload, new WorkloadStack.Servers(access.mediaServer().orElseThrow(), null), statistics);
        }

        @Override
        public void close() {
            stack.close();
            try {
                for (String guest : loaded) {
                    access.stopCpuBoundLoad(guest);
                }
            } finally {
                journal.restoreAll();
            }
        }
    }
}
