package org.telvirt.hostkit.credit;

/**
 * What the credit scheduler did to one domain: time it was charged (logical pCPU time, as observed), slices it was
 * given, wake-ups it was boosted on, times it was parked by its cap, and times another vCPU took its pCPU before
 * its slice ended.
 */
public record DomainStats(String name, long chargedNanos, long slices, long boosts, long parks, long preemptions) {
}
