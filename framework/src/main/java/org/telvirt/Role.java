package org.telvirt;

import java.util.List;

/**
 * The standard domain names every test uses; a host profile maps them to its real domains.
 */
public final class Role {
    /** The driver domain: every packet of a guest crosses it unless {@link VmmBypass} gives the guest a NIC. */
    public static final String DOM0 = "dom0";
    /** The Media VM: the media server, the SLO's subject. */
    public static final String MEDIA = "media";
    /** The Signaling VM: the SIP-like call server. */
    public static final String SIGNALING = "signaling";
    /** The first CPU-bound VM, the noisy neighbour. */
    public static final String CPU1 = "cpu1";
    /** The second CPU-bound VM. */
    public static final String CPU2 = "cpu2";
    /** Stands for every CPU-bound VM of the workload in {@link Cap} and {@link Pin}. */
    public static final String CPU_BOUND = "cpuBound";

    /** Every real domain, in the order reports list them. */
    public static final List<String> ALL = List.of(DOM0, MEDIA, SIGNALING, CPU1, CPU2);
    /** The CPU-bound VMs, in the order {@link CpuBoundVms} starts them. */
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
