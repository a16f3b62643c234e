package org.telvirt.hostkit.cgroup;

/**
 * How Xen's credit-scheduler knobs map onto cgroup values. Xen's default weight 256 maps onto each version's
 * default (v1 {@code cpu.shares} 1024, v2 {@code cpu.weight} 100), so the ratio of a weight to 256 is kept.
 * A cap is a percent of one CPU over a 100 ms CFS period; 0 means no cap, as in Xen.
 */
public final class CpuKnobs {
    public static final int XEN_DEFAULT_WEIGHT = 256;
    public static final int MAX_XEN_WEIGHT = 65_535;
    public static final int CFS_PERIOD_MICROS = 100_000;
    /** The kernel's smallest CFS quota and period. */
    static final long MIN_CFS_MICROS = 1_000;
    static final int V1_DEFAULT_SHARES = 1024;
    static final int V2_DEFAULT_WEIGHT = 100;
    static final int V2_MAX_WEIGHT = 10_000;

    private CpuKnobs() {
    }

    /** {@code cpu.shares} for a Xen weight: 4 x weight (256 -> 1024; 65535 -> 262140, within the kernel's 262144). */
    public static long v1Shares(int xenWeight) {
        checkWeight(xenWeight);
        return (long) xenWeight * V1_DEFAULT_SHARES / XEN_DEFAULT_WEIGHT;
    }

    /**
     * {@code cpu.weight} for a Xen weight: weight x 100 / 256, rounded, at least 1. cgroup v2 stops at 10000, so
     * weights above 25600 all become 10000: the ratio between two such weights is lost, and {@link #v2WeightLosesRatio}
     * tells the driver to say so.
     */
    public static int v2Weight(int xenWeight) {
        checkWeight(xenWeight);
        long scaled = Math.round((double) xenWeight * V2_DEFAULT_WEIGHT / XEN_DEFAULT_WEIGHT);
        return (int) Math.max(1, Math.min(V2_MAX_WEIGHT, scaled));
    }

    public static boolean v2WeightLosesRatio(int xenWeight) {
        return (double) xenWeight * V2_DEFAULT_WEIGHT / XEN_DEFAULT_WEIGHT > V2_MAX_WEIGHT;
    }

    /** {@code cpu.cfs_quota_us} for a cap in percent of one CPU; -1 (none) for 0. */
    public static long v1QuotaMicros(int capPercent) {
        checkCap(capPercent);
        return capPercent == 0 ? -1 : (long) capPercent * CFS_PERIOD_MICROS / 100;
    }

    /** {@code cpu.max} for a cap in percent of one CPU: {@code "max 100000"} for 0. */
    public static String v2Max(int capPercent) {
        return v2Max(v1QuotaMicros(capPercent), CFS_PERIOD_MICROS);
    }

    /** {@code cpu.max} for a quota ({@code -1}: none) per period. */
    public static String v2Max(long quotaMicros, long periodMicros) {
        return (quotaMicros < 0 ? "max" : Long.toString(quotaMicros)) + " " + periodMicros;
    }

    /**
     * The CFS period that makes a logical core a fixed share of a CPU: the shortest in which one core's quota is still
     * one the kernel accepts, so a domain is held back in steps of about a millisecond, well inside Xen's 10 ms tick
     * (2 ms when a core is half a CPU).
     */
    public static long coreQuotaPeriodMicros(double cpuPerLogicalCore) {
        checkShare(cpuPerLogicalCore);
        return (long) Math.ceil(MIN_CFS_MICROS / cpuPerLogicalCore);
    }

    /** The quota per {@link #coreQuotaPeriodMicros} that gives a domain the CPU time of the logical cores it holds. */
    public static long coreQuotaMicros(int heldLogicalCores, double cpuPerLogicalCore) {
        if (heldLogicalCores < 1) {
            throw new IllegalArgumentException("a quota for " + heldLogicalCores + " logical cores: a domain holding"
                    + " none is frozen, not throttled");
        }
        return Math.round(coreQuotaPeriodMicros(cpuPerLogicalCore) * heldLogicalCores * cpuPerLogicalCore);
    }

    private static void checkWeight(int xenWeight) {
        if (xenWeight < 1 || xenWeight > MAX_XEN_WEIGHT) {
            throw new IllegalArgumentException("weight " + xenWeight + " is outside Xen's 1.." + MAX_XEN_WEIGHT);
        }
    }

    private static void checkShare(double cpuPerLogicalCore) {
        if (!(cpuPerLogicalCore > 0 && cpuPerLogicalCore < 1)) {
            throw new IllegalArgumentException("a logical core of " + cpuPerLogicalCore + " CPU: only a core that is"
                    + " part of a CPU needs a quota (a whole CPU is exact by its cpuset)");
        }
    }

    private static void checkCap(int capPercent) {
        if (capPercent < 0) {
            throw new IllegalArgumentException("cap " + capPercent + " % is negative (0 means no cap)");
        }
    }
}
