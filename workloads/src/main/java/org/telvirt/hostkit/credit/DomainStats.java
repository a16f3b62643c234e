package org.telvirt.hostkit.credit;

/**
 * What the credit scheduler did to one domain: CPU time it used (logical pCPU time, as observed), slices it was
 * given, wake-ups it was boosted on, times it was parked by its cap, and times another vCPU took its pCPU before
 * its slice ended.
 */
public record DomainStats(String name, long cpuNanos, long slices, long boosts, long parks, long preemptions) {
}
