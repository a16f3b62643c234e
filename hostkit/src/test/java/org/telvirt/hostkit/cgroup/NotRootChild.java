package org.telvirt.hostkit.cgroup;

import org.telvirt.hostkit.CgroupMounts;

/** Run as an unprivileged user: prints what the cgroup check says. */
public final class NotRootChild {
    public static void main(String[] args) {
        try {
            System.out.println("USABLE " + Cgroups.checkUsable(CgroupMounts.current()));
        } catch (HostNotReadyException e) {
            System.out.println("NOT READY " + e.getMessage());
        }
    }
}
