package org.telvirt.host.emulated;

import java.util.List;
import java.util.Locale;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.HostProfile;

/** How the emulated host shares CPUs among domains: the profile's {@code scheduler}. */
enum SchedulerMode {
    /** Xen's time structure: a credit scheduler hands logical cores to vCPUs slice by slice. */
    CREDIT,
    /** Linux's own scheduler with the weights, caps and pins mapped onto cgroup knobs. */
    CGROUP;

    static SchedulerMode of(HostProfile profile) {
        String name = profile.scheduler() == null ? "credit" : profile.scheduler();
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidConfigurationException(List.of("host profile '" + profile.name() + "': scheduler '"
                    + name + "' is neither credit nor cgroup"));
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
