package org.telvirt.hostkit.credit;

/**
 * What the enforcer saw of one domain since the last poll; one mutable instance per domain, refilled every poll
 * so that the loop allocates nothing.
 */
public final class DomainObservation {
    /**
     * Time to charge the domain since the last poll, in nanoseconds of logical pCPU time: the enforcer counts the
     * time its threads ran or waited to run on the pCPUs it held, as Xen charges a vCPU for holding its pCPU.
     */
    public long usedNanos;
    /**
     * True when the domain has been thawed long enough for {@link #demandVcpus} to mean something; a frozen domain
     * shows no activity whatever it would do, so its vCPUs keep their state (a preempted busy vCPU stays runnable).
     */
    public boolean observable;
    /** How many vCPUs have work (0 = every vCPU blocked); read only when {@link #observable}. */
    public int demandVcpus;
    /** An event is waiting for the domain (UDP data queued on one of its sockets): Xen's event-channel notification. */
    public boolean eventPending;

    public DomainObservation clear() {
        usedNanos = 0;
        observable = false;
        demandVcpus = 0;
        eventPending = false;
        return this;
    }
}
