package org.telvirt.host.emulated;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telvirt.Configuration;
import org.telvirt.Tuning;
import org.telvirt.host.Host;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;

/**
 * A Xen-like host built from this Linux machine: each domain a cgroup, Dom0 a relay process that all
 * guest traffic crosses, and CPU shared among domains by Xen's credit scheduler (or, in the
 * profile's {@code cgroup} mode, by Linux with the knobs mapped onto cgroup files).
 */
final class EmulatedHost implements Host {
    private final HostProfile profile;
    private final SchedulerMode mode;

    EmulatedHost(HostProfile profile, SchedulerMode mode) {
        this.profile = profile;
        this.mode = mode;
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    /** The experiment's cores: {@code @Cores} when given, else the profile's. */
    int cores(Configuration configuration) {
        return configuration.tuning().cores().orElse(profile.coreCount());
    }

    @Override
    public List<String> validate(Configuration configuration) {
        List<String> problems = new ArrayList<>();
        Tuning tuning = configuration.tuning();
        int cores = cores(configuration);
        if (cores > profile.coreCount()) {
            problems.add("@Cores(" + cores + "): host '" + profile.name() + "' has " + profile.coreCount() + " cores");
        }
        tuning.pins().forEach((domain, cpus) -> {
            if (cpus.highest() >= cores) {
                problems.add("@Pin(domain = \"" + domain + "\", cpus = \"" + cpus + "\"): core " + cpus.highest()
                        + " is not among the experiment's cores 0-" + (cores - 1));
            }
        });
        tuning.caps().forEach((domain, cap) -> {
            if (!cap.fairShare() && cap.percent() > 100 * cores) {
                problems.add("@Cap(domain = \"" + domain + "\", percent = " + cap.percent() + "): above " + cores
                        + " cores x 100 %");
            }
        });
        return problems;
    }

    @Override
    public Optional<String> unsupportedReason(Configuration configuration) {
        return Optional.empty();
    }

    @Override
    public HostRun provision(Configuration configuration, Path resultDirectory) {
        return EmulatedRun.start(this, mode, configuration, resultDirectory);
    }

    @Override
    public void close() {
    }
}
