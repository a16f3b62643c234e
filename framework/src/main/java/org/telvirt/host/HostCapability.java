package org.telvirt.host;

/**
 * What a paper finding needs of a host beyond running configurations (docs/findings.md, section 4). Each driver
 * declares which its hosts have, from the profile and, where the host can tell, a probe, before anything runs: a
 * finding needing one the host lacks is not applicable there, which is the only reason a finding is not judged.
 */
public enum HostCapability {
    /** Domains, Dom0 and a scheduler to tune: column N, native Linux, is the reference, not a subject. */
    HYPERVISOR("a hypervisor"),
    /** The paper's four cores: Figure 8's 2.3 pins Dom0 to cores 0-2, Figure 11 runs on four. */
    FOUR_CORES("four cores"),
    /** Capping Dom0 at 1 % of a CPU (Figure 7's 2.2) without starving what drives and restores the host. */
    DOM0_CAP_SURVIVABLE("a Dom0 that survives a 1 % cap"),
    /** Two L2 groups whose cores have different L2 caches, so that sharing one can differ from not (Figure 9). */
    SEPARATE_L2_CACHES("two L2 groups on different L2 caches"),
    /** Interrupt coalescing on the packet path into the Media VM (Figure 10). */
    INTERRUPT_COALESCING("interrupt coalescing"),
    /** A path for the Media VM's packets that bypasses Dom0 (Figure 13). */
    VMM_BYPASS("VMM bypass");

    private final String description;

    HostCapability(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
