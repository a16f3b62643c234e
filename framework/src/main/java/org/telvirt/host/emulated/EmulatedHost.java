package org.telvirt.host.emulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.Workload;
import org.telvirt.host.BootedHost;
import org.telvirt.host.CpuAccounting;
import org.telvirt.host.DisturbanceMonitor;
import org.telvirt.host.HostDisturbance;
import org.telvirt.host.QuietAttempts;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.credit.EnforcerReport;
import org.telvirt.knob.Tuning;
import org.telvirt.workloads.io.JsonFiles;

/**
 * A Xen-like host built from this Linux machine: each domain a cgroup, Dom0 a relay process that all
 * guest traffic crosses, and CPU shared among domains by Xen's credit scheduler (or, in the
 * profile's {@code cgroup} mode, by Linux with the knobs mapped onto cgroup files).
 */
final class EmulatedHost implements Host {
    /**
     * Profile setting: CPU the Dom0 relay spends per forwarded packet, standing for netback's grant copy and bridging,
     * so that Dom0 needs the share of its cores at the scaled load that it needed at the paper's.
     */
    static final String DOM0_WORK_SETTING = "dom0WorkMicros";

    private final HostProfile profile;
    private final SchedulerMode mode;
    private EmulatedCalibration calibration;
    /** A calibration that failed fails every run of this host alike, rather than being tried again per run. */
    private HostException calibrationFailure;

    EmulatedHost(HostProfile profile, SchedulerMode mode) {
        this.profile = profile;
        this.mode = mode;
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    /** The profile's {@link #DOM0_WORK_SETTING}, 0 when absent; -1 when it is not whole microseconds in range. */
    int dom0WorkMicros() {
        try {
            int micros = Integer.parseInt(profile.setting(DOM0_WORK_SETTING, "0").trim());
            return micros >= 0 && micros <= Workload.MAX_WORK_MICROS ? micros : -1;
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    @Override
    public List<String> validate(Configuration configuration) {
        List<String> problems = new ArrayList<>(EmulatedCalibration.settingProblems());
        if (dom0WorkMicros() < 0) {
            problems.add("host profile '" + profile.name() + "': setting " + DOM0_WORK_SETTING + " must be whole"
                    + " microseconds 0.." + Workload.MAX_WORK_MICROS + ", got '" + profile.setting(DOM0_WORK_SETTING, "")
                    + "'");
        }
        configuration.tuning().coalescing().filter(coalescing -> coalescing.micros() < 1 || coalescing.frames() < 1)
                .ifPresent(coalescing -> problems.add("configuration " + configuration.id() + ": coalescing "
                        + coalescing + " cannot be held by the emulated host's Dom0 relay, which needs at least 1 us"
                        + " and 1 frame"));
        configuration.tuning().problemsOn(profile.coreCount()).forEach(problem -> problems.add("configuration "
                + configuration.id() + " on host '" + profile.name() + "': " + problem));
        return problems;
    }

    @Override
    public Optional<String> unsupportedReason(Configuration configuration) {
        return Optional.empty();
    }

    /**
     * Everything the emulation builds (a Dom0 relay that batches and that media can bypass, a credit cap Dom0 survives),
     * four cores if the profile has them, and separate L2 caches where the profile's L2 groups fold onto CPUs whose L2
     * caches differ.
     */
    @Override
    public Optional<String> lacks(HostCapability capability) {
        return switch (capability) {
            case HYPERVISOR, DOM0_CAP_SURVIVABLE, INTERRUPT_COALESCING, VMM_BYPASS -> Optional.empty();
            case FOUR_CORES -> profile.coreCount() >= 4 ? Optional.empty()
                    : Optional.of("host profile " + profile.name() + " has " + profile.coreCount() + " cores");
            case SEPARATE_L2_CACHES -> L2Caches.sharedReason(profile.l2Groups(), CoreFolding.of(profile.coreCount(),
                    physicalCpus()), L2Caches.SYSFS_CPUS).map(reason -> "host profile " + profile.name() + ": " + reason);
        };
    }

    /** The CPUs the host's logical cores fold onto: the profile's, or every online CPU. */
    private SortedSet<Integer> physicalCpus() {
        if (profile.physicalCpus() != null && !profile.physicalCpus().isBlank()) {
            return CpuList.parse(profile.physicalCpus());
        }
        try {
            return CpuList.parse(Files.readString(L2Caches.SYSFS_CPUS.resolve("online")));
        } catch (IOException unreadable) {
            throw new HostException("cannot read the online CPUs: " + unreadable.getMessage(), unreadable);
        }
    }

    /** One configuration on domains of its own, which closing the run stops. */
    @Override
    public HostRun provision(Configuration configuration, Path resultDirectory) {
        return BootedHost.only(new EmulatedDomains(this, mode, resultDirectory, this::calibration), configuration,
                resultDirectory);
    }

    @Override
    public BootedHost boot(Path directory) {
        return new EmulatedDomains(this, mode, directory, this::calibration);
    }

    /**
     * The credit scheduler's host in the paper's regime: stored for this machine, else measured now by one run of the
     * calibration load (about 15 s, once per machine and settings). The cgroup mode stays uncalibrated: it is kept to
     * compare plain Linux scheduling with, as it was.
     */
    synchronized EmulatedCalibration calibration(Path resultDirectory) {
        int cores = profile.coreCount();
        SortedSet<Integer> cpus = physicalCpus();
        double folded = Math.min(1.0, (double) cpus.size() / cores);
        if (mode != SchedulerMode.CREDIT || !EmulatedCalibration.enabled()) {
            return EmulatedCalibration.none(folded);
        }
        if (calibrationFailure != null) {
            throw calibrationFailure;
        }
        if (calibration == null) {
            double scale = profile.streamScaleOrDefault();
            String fingerprint = EmulatedCalibration.fingerprint(cpuModel(), System.getProperty("os.version"),
                    CpuList.format(cpus), cores, scale);
            Path file = EmulatedCalibration.defaultFile();
            try {
                calibration = EmulatedCalibration.stored(file, fingerprint)
                        .orElseGet(() -> measureCalibration(fingerprint, file, folded, scale, cpus.size(),
                                resultDirectory.resolveSibling("emulated-calibration")));
            } catch (HostException failed) {
                calibrationFailure = failed;
                throw failed;
            }
        }
        return calibration;
    }

    private EmulatedCalibration measureCalibration(String fingerprint, Path file, double folded, double scale, int cpus,
            Path directory) {
        Workload load = EmulatedCalibration.load(scale);
        System.out.printf("telvirt: calibrating the emulated host for %s (once; stored in %s): %d streams for %d s,"
                        + " then up to %d check runs%n", fingerprint, file, load.streams(),
                load.seconds() + load.warmupSeconds(), EmulatedCalibration.CHECKS);
        EmulatedCalibration calibration = EmulatedCalibration.of(fingerprint,
                calibrationRun(EmulatedCalibration.none(folded), load, directory.resolve("bare")), load, cpus,
                profile.coreCount());
        for (int check = 1; ; check++) {
            EmulatedCalibration tried = calibration;
            calibration = tried.checkedBy(calibrationRun(tried, load, directory.resolve("check-" + check)), load);
            System.out.printf(Locale.ROOT, "telvirt: calibration check %d: +%d us relay work, +%d us guest work:"
                            + " Dom0 used %.2f cores, the Media VM %.2f (aimed at %.1f and %.1f)%n", check,
                    calibration.dom0WorkMicros(), calibration.mediaGuestWorkMicros(), calibration.dom0Cores(),
                    calibration.mediaCores(), EmulatedCalibration.DOM0_CORES_AT_PAPER_LOAD,
                    EmulatedCalibration.MEDIA_CORES_AT_PAPER_LOAD);
            if (calibration.onTarget() || check == EmulatedCalibration.CHECKS) {
                break;
            }
            calibration = calibration.retargeted(load);
        }
        calibration.store(file);
        System.out.println("telvirt: " + calibration.describe());
        return calibration;
    }

    /**
     * One run of the calibration's load on domains booted for it with {@code calibration}; its scheduler's report. A
     * calibration is stored and reused: one measured while the hypervisor took this machine's CPUs would count their
     * steal as load outside the domains and shrink every logical core from then on, so a disturbed run is measured
     * again, and when every attempt is disturbed the host is not calibrated.
     */
    private EnforcerReport calibrationRun(EmulatedCalibration calibration, Workload load, Path directory) {
        try {
            Files.createDirectories(directory);
            Measurement measurement = QuietAttempts.measure("a calibration run", directory, voided -> {
                try (HostRun run = BootedHost.only(new EmulatedDomains(this, mode, directory, any -> calibration),
                        Configuration.single("calibration", Tuning.DEFAULTS, load), directory);
                     DisturbanceMonitor monitor = DisturbanceMonitor.start(CpuAccounting.LOCAL)) {
                    Measurement measured = run.measure(load, directory);
                    return new QuietAttempts.Attempted<>(measured, HostDisturbance.over(monitor.stop(), Optional.empty()));
                }
            }, (disturbed, attempts) -> new HostException(HostDisturbance.MESSAGE_PREFIX + " "
                    + String.join(", ", disturbed.disturbance().limitsExceeded()) + " over "
                    + disturbed.disturbance().window() + " of a calibration run (" + directory + ", " + attempts
                    + "): the emulated host was not calibrated; calibrate on a quiet machine")).result();
            return schedulerReport(measurement, directory);
        } catch (IOException failed) {
            throw new HostException("calibrating the emulated host failed: " + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new HostException("calibrating the emulated host was interrupted", interrupted);
        }
    }

    private static EnforcerReport schedulerReport(Measurement measurement, Path directory) {
        String report = measurement.hostStatistics().get(MediaRun.CREDIT_SCHEDULER_STATISTICS);
        if (report == null) {
            throw new HostException("the calibration run printed no scheduler statistics (" + directory + ")");
        }
        return JsonFiles.fromLine(report, EnforcerReport.class);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException unreadable) {
            return "unknown CPU";
        }
    }

    @Override
    public void close() {
    }
}
