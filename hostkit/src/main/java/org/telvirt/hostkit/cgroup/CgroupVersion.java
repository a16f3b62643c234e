package org.telvirt.hostkit.cgroup;

/** Which cgroup interface holds the domains. */
public enum CgroupVersion {
    /** Separate v1 hierarchies for cpu, cpuset, freezer and cpuacct (this machine). */
    V1,
    /** One cgroup2 hierarchy with the cpu and cpuset controllers enabled. */
    V2
}
