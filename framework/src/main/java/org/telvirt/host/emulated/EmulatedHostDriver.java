package org.telvirt.host.emulated;

import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.host.HostException;
import org.telvirt.host.HostProfile;
import org.telvirt.hostkit.cgroup.CgroupMounts;
import org.telvirt.hostkit.cgroup.Cgroups;
import org.telvirt.hostkit.cgroup.HostNotReadyException;

/** The embedded default: a Xen-like host made of this Linux machine's cgroups. */
public final class EmulatedHostDriver implements HostDriver {
    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public Host open(HostProfile profile) {
        try {
            Cgroups.checkUsable(CgroupMounts.current());
        } catch (HostNotReadyException notReady) {
            throw new HostException("the emulated host cannot run here: " + notReady.getMessage(), notReady);
        }
        return new EmulatedHost(profile, SchedulerMode.of(profile));
    }
}
