package org.telvirt;

import java.util.List;

/**
 * The standard domain names every test uses; a host profile maps them to its real domains.
 */
public final class Role {
    public static final String DOM0 = "dom0";
    public static final String MEDIA = "media";
    public static final String SIGNALING = "signaling";
    public static final String CPU1 = "cpu1";
    public static final String CPU2 = "cpu2";
    /** Stands for every CPU-bound VM of the workload in {@link Cap} and {@link Pin}. */
    public static final String CPU_BOUND = "cpuBound";

    public static final List<String> ALL = List.of(DOM0, MEDIA, SIGNALING, CPU1, CPU2);
    public static final List<String> CPU_BOUND_VMS = List.of(CPU1, CPU2);

    /** The domains a role name stands for: both CPU-bound VMs for {@link #CPU_BOUND}, else itself; none if unknown. */
    public static List<String> domains(String role) {
        if (CPU_BOUND.equals(role)) {
            return CPU_BOUND_VMS;
        }
        return ALL.contains(role) ? List.of(role) : List.of();
    }

    private Role() {
    }
}
