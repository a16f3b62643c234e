package org.telvirt.host.xen;

import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.DomainCores;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;
import org.telvirt.host.xen.XenDomainTemplates.DomainConfig;
import org.telvirt.HostException;
import org.telvirt.engine.ImageUnderTest;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
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
import org.telvirt.workloads.io.JsonFiles;

/**
 * A Xen host driven through Dom0 over SSH: the profile's roles are Xen domains, those with a template made for each
 * run and destroyed after it ({@link XenDomainTemplates}), every change goes through {@link XenKnobs} into the
 * host's {@link XenJournal}; the RTP and signaling clients run on this machine and call the media and signaling
 * domains' servers, wherever the host's {@link XenAccess} says they answer.
 */
final class XenHost implements Host {

    private final HostProfile profile;
    private final XenAccess access;
    private final XenKnobs knobs;
    private final XenJournal journal;
    private final XlInfo info;
    private final XenSettings settings;
    private final List<DomainConfig> created;
    private final Consumer<String> progress;

    /** @param access how Dom0 and the guests are reached; {@link #close()} closes it */
    XenHost(HostProfile profile, XenAccess access, Path journalFile, Consumer<String> progress) {
        this(profile, access, journalFile, progress, List.of(), XenKnobs.Interruption.NONE);
    }

    /** @param interruption where a test kills or cuts a run in the middle of a change */
    XenHost(HostProfile profile, XenAccess access, Path journalFile, Consumer<String> progress,
            XenKnobs.Interruption interruption) {
        this(profile, access, journalFile, progress, List.of(), interruption);
    }

    /**
     * @param created the domains each run makes from the profile's templates ({@link XenDomainTemplates}), already
     *     rendered; every other role is a domain that exists
     */
    XenHost(HostProfile profile, XenAccess access, Path journalFile, Consumer<String> progress,
            List<DomainConfig> created, XenKnobs.Interruption interruption) {
        this.profile = profile;
        this.access = access;
        this.settings = new XenSettings(profile);
        this.created = List.copyOf(created);
        this.progress = progress;
        RemoteShell dom0 = access.dom0();
        this.knobs = new XenKnobs(dom0, interruption);
        this.journal = XenJournal.open(journalFile, dom0, profile.name(), progress);
        try {
            this.info = knobs.xl().info();
        } catch (RuntimeException unreadable) {
            journal.close();
            throw unreadable;
        }
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    @Override
    public List<String> validate(Configuration configuration) {
        List<String> problems = new ArrayList<>();
        List<XlDomain> listed = knobs.xl().domains();
        Set<String> existing = new LinkedHashSet<>(listed.stream().map(XlDomain::name).toList());
        for (String role : roles(configuration)) {
            String domain = profile.domainName(role);
            boolean madeByTheRun = createdFor(role).isPresent();
            if (madeByTheRun && existing.contains(domain)) {
                problems.add("configuration " + configuration.id() + ": role '" + role + "' is made by the run from"
                        + " settings." + XenDomainTemplates.SETTING_PREFIX + role + " in host profile " + profile.name()
                        + ", and Xen domain '" + domain + "' exists already: destroy it, or leave the setting out to"
                        + " use it as it is");
            } else if (!madeByTheRun && !existing.contains(domain)) {
                problems.add("configuration " + configuration.id() + ": role '" + role + "' is Xen domain '" + domain
                        + "' in host profile " + profile.name() + ", which xl list does not show (it has " + existing + ")");
            }
        }
        configuration.tuning().problemsOn(info.nrCpus()).forEach(problem -> problems.add("configuration "
                + configuration.id() + " on Xen host " + profile.name() + ": " + problem));
        // without it the clients have nowhere to send: a gate would pass having measured nothing
        if (access.mediaServer().isEmpty()) {
            problems.add(settings.where(XenSettings.MEDIA_SERVER) + " is missing: HOST:PORT of the media server running"
                    + " in the media domain, as example-xen.yaml shows, for the RTP clients to send to");
        }
        if (!settings.lab()) {
            problems.addAll(driveProblems(configuration, listed));
        }
        return problems;
    }

    /**
     * What a real host's profile must say for every role of the workload to be driven: where the signaling server
     * answers, how the CPU-bound domains' load runs. A lab drives its guests itself.
     */
    private List<String> driveProblems(Configuration configuration, List<XlDomain> listed) {
        List<String> problems = new ArrayList<>();
        Workload workload = configuration.workload();
        if (workload.callsPerSecond() > 0 && access.signalingServer().isEmpty()) {
            problems.add("configuration " + configuration.id() + " places calls (@SignalingLoad), and "
                    + settings.where(XenSettings.SIGNALING_SERVER) + " is missing: HOST:PORT of the signaling server"
                    + " running in the signaling domain, for the signaling client to call");
        }
        List<String> cpuBound = workload.guestDomains().stream().filter(Role.CPU_BOUND_VMS::contains).toList();
        if (!cpuBound.isEmpty() && settings.cpuBoundLoad().isEmpty()) {
            problems.add("configuration " + configuration.id() + " runs CPU-bound domains (@CpuBoundVms), and "
                    + settings.where(XenSettings.CPU_BOUND_LOAD) + " is missing: 'unpause' (they burn CPU from their"
                    + " boot and stay paused between runs) or 'running' (their load runs whenever they do)");
        }
        if (settings.unpausesCpuBoundLoad()) {
            for (String role : cpuBound) {
                String domain = profile.domainName(role);
                listed.stream().filter(each -> each.name().equals(domain) && !each.paused()).findFirst()
                        .ifPresent(running -> problems.add("configuration " + configuration.id() + ": "
                                + settings.where(XenSettings.CPU_BOUND_LOAD) + " is 'unpause', and CPU-bound domain '"
                                + domain + "' is running: pause it (xl pause " + domain + ") so that its load runs"
                                + " only while a configuration is measured"));
            }
        }
        return problems;
    }

    private Optional<DomainConfig> createdFor(String role) {
        return created.stream().filter(config -> config.role().equals(role)).findFirst();
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
            createDomains(configuration, run);
            run.applied.addAll(new XenTuning(configuration.tuning(), profile, info.nrCpus())
                    .apply(knobs, journal, roles(configuration)));
            for (String cpuBound : configuration.workload().guestDomains()) {
                if (Role.CPU_BOUND_VMS.contains(cpuBound)) {
                    String domain = profile.domainName(cpuBound);
                    if (settings.unpausesCpuBoundLoad()) {
                        knobs.unpause(journal, domain);
                    }
                    access.startCpuBoundLoad(domain);
                    run.loaded.add(domain);
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

    /**
     * Makes the configuration's domains that the profile's templates describe, each write-ahead journaled (its restore
     * destroys it), then waits for the media endpoint when the media domain is one of them. CPU-bound domains whose
     * load the run unpauses are made paused.
     */
    private void createDomains(Configuration configuration, XenRun run) {
        List<String> roles = roles(configuration);
        boolean mediaCreated = false;
        for (DomainConfig config : created) {
            if (!roles.contains(config.role())) {
                continue;
            }
            String path = settings.domainConfigPath(config.domain());
            access.dom0().run(XlCommands.writeDomainConfig(path, config.text()));
            boolean paused = Role.CPU_BOUND_VMS.contains(config.role()) && settings.unpausesCpuBoundLoad();
            knobs.createDomain(journal, config.domain(), path, paused);
            run.createdNotes.add("xen: domain " + config.domain() + " (" + config.role() + ") created for the run from"
                    + " settings." + XenDomainTemplates.SETTING_PREFIX + config.role() + " (" + path + " on Dom0"
                    + ImageUnderTest.ofBuild().map(image -> ", image " + image.label()).orElse("")
                    + "), destroyed after it");
            mediaCreated |= config.role().equals(Role.MEDIA);
        }
        if (mediaCreated) {
            awaitMediaEndpoint(profile.domainName(Role.MEDIA));
        }
    }

    private void awaitMediaEndpoint(String domain) {
        InetSocketAddress endpoint = access.mediaServer().orElseThrow();
        Duration timeout = settings.domainReady();
        long started = System.nanoTime();
        try {
            if (!MediaEndpointProbe.answers(endpoint, timeout)) {
                throw new HostException("media domain " + domain + " of Xen host " + profile.name() + " was created, and"
                        + " its media endpoint " + WorkloadStack.hostPort(endpoint) + " (settings.mediaServer) did not"
                        + " answer an RTP probe within " + timeout.toSeconds() + " s (settings."
                        + XenSettings.DOMAIN_READY_SECONDS + "): see its console, xl console " + domain);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while waiting for media domain " + domain + " to answer");
        }
        progress.accept("xen: media domain " + domain + " answers on " + WorkloadStack.hostPort(endpoint) + " after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    private List<String> roles(Configuration configuration) {
        List<String> roles = new ArrayList<>();
        roles.add(Role.DOM0);
        roles.addAll(configuration.workload().guestDomains());
        return roles;
    }

    @Override
    public void close() {
        try {
            access.close();
        } finally {
            journal.close();
        }
    }

    private final class XenRun implements HostRun {
        private final WorkloadStack stack;
        private final List<AppliedKnob> applied = new ArrayList<>();
        private final List<String> loaded = new ArrayList<>();
        private final List<String> createdNotes = new ArrayList<>();

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
            notes.addAll(createdNotes);
            notes.addAll(access.notes());
            return notes;
        }

        @Override
        public Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException {
            Map<String, String> statistics = new LinkedHashMap<>();
            statistics.put("xen_version", info.xenVersion());
            statistics.put("xen_scheduler", info.xenScheduler());
            InetSocketAddress signaling = workload.callsPerSecond() > 0 ? access.signalingServer().orElse(null) : null;
            DomainCpuSample before = DomainCpuSample.take(knobs.xl());
            Measurement measurement = stack.runClients(workload, new WorkloadStack.Servers(
                    access.mediaServer().orElseThrow(), signaling), statistics);
            Map<String, Double> coresUsed = before.coresUsedUntil(DomainCpuSample.take(knobs.xl()), domainsByRole());
            statistics.put(MediaRun.DOMAIN_CORES_STATISTICS, JsonFiles.toLine(new DomainCores(coresUsed)));
            return measurement.withHostStatistics(statistics);
        }

        private Map<String, String> domainsByRole() {
            Map<String, String> domains = new LinkedHashMap<>();
            Role.ALL.forEach(role -> domains.put(role, profile.domainName(role)));
            return domains;
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
