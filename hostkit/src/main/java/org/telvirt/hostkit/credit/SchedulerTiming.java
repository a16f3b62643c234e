package org.telvirt.hostkit.credit;

/**
 * The credit scheduler's time structure, in microseconds: Xen's defaults are a 10 ms tick, a 30 ms time slice,
 * accounting every 30 ms and a 1 ms context-switch rate limit.
 */
public record SchedulerTiming(long tickMicros, long sliceMicros, long accountingMicros, long ratelimitMicros) {
    /** Xen's credit scheduler grants 10 credits per millisecond of pCPU time. */
    public static final int CREDITS_PER_MILLI = 10;

    public SchedulerTiming {
        if (tickMicros <= 0 || sliceMicros <= 0 || accountingMicros <= 0 || ratelimitMicros < 0) {
            throw new IllegalArgumentException("tick, slice and accounting must be positive, ratelimit not negative: "
                    + this);
        }
        if (ratelimitMicros > sliceMicros) {
            throw new IllegalArgumentException("ratelimit " + ratelimitMicros + " us exceeds the slice " + sliceMicros
                    + " us");
        }
    }

    public static SchedulerTiming xenDefaults() {
        return new SchedulerTiming(10_000, 30_000, 30_000, 1_000);
    }

    /** Credits one pCPU earns per accounting period (300 with the defaults, Xen's CSCHED_CREDITS_PER_ACCT). */
    public int creditsPerAccounting() {
        return (int) (CREDITS_PER_MILLI * accountingMicros / 1_000);
    }
}
