package org.telvirt.host.emulated;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.CpuList;
import org.telvirt.hostkit.cgroup.HostNotReadyException;
import org.telvirt.knob.CpuSet;

/** The embedded default: a Xen-like host made of this Linux machine's cgroups. */
public final class EmulatedHostDriver implements HostDriver {
    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public Host open(HostProfile profile) {
        SchedulerMode mode = SchedulerMode.of(profile);
        CgroupMounts mounts = CgroupMounts.current();
        SortedSet<Integer> online;
        try {
            online = Cgroups.onlineCpus(mounts, Cgroups.checkUsable(mounts));
        } catch (HostNotReadyException notReady) {
            throw new HostException("the emulated host cannot run here: " + notReady.getMessage(), notReady);
        } catch (IOException unreadable) {
            throw new HostException("the emulated host cannot read this machine's CPUs: " + unreadable.getMessage(),
                    unreadable);
        }
        if (profile.physicalCpus() != null && !profile.physicalCpus().isBlank()) {
            List<Integer> missing = Arrays.stream(CpuSet.parse(profile.physicalCpus()).toArray())
                    .filter(cpu -> !online.contains(cpu)).boxed().toList();
            if (!missing.isEmpty()) {
                throw new InvalidConfigurationException(List.of("host profile '" + profile.name() + "': 'physicalCpus' "
                        + profile.physicalCpus() + " names CPUs this machine does not have (" + CpuList.format(missing)
                        + "; it has " + CpuList.format(online) + ")"));
            }
        }
        return new EmulatedHost(profile, mode);
    }
}
