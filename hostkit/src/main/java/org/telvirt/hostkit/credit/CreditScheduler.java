package org.telvirt.hostkit.credit;

import java.util.Arrays;
import java.util.List;

/**
 * Xen's credit scheduler ({@code xen/common/sched/credit.c}) as a pure, deterministic decision core: no I/O, the
 * clock is the {@code nowNanos} of each {@link #poll}. It decides which domain vCPU runs on which LOGICAL pCPU.
 *
 * <p>Followed from credit.c: every accounting period ({@code csched_acct}) credits are shared among the active
 * domains by weight x active vCPUs, bounded by the cap; a vCPU burns 10 credits per ms it runs; priorities are
 * BOOST > UNDER > OVER; a vCPU waking while UNDER is boosted ({@code CSCHED_PRI_TS_BOOST}) and preempts a
 * non-boosted one once that one has run the rate limit; each tick ({@code csched_tick}) ends a running vCPU's boost
 * and re-activates it for accounting; a vCPU runs a whole time slice unless it blocks or is preempted; a capped
 * vCPU whose credit falls below minus its cap share is parked until an accounting gives it positive credit.
 *
 * <p>Where it differs: one global run queue (priority, then first come first served) stands in for credit.c's
 * per-pCPU queues with work stealing; credits are burnt from the time the domain was observed to run or wait to
 * run on the pCPUs it held, shared among its running vCPUs, because the enforcer sees domains, not vCPUs.
 *
 * <p>Not thread-safe: one thread polls. {@link #poll} allocates nothing.
 */
public final class CreditScheduler {
    static final int PRI_BOOST = 0;
    static final int PRI_UNDER = -1;
    static final int PRI_OVER = -2;
    private static final int BLOCKED = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int NONE = -1;
    private static final long NEVER = Long.MAX_VALUE;

    private final SchedulerTiming timing;
    private final int pcpus;
    private final int creditsPerAcct;
    private final long tickNanos;
    private final long sliceNanos;
    private final long acctNanos;
    private final long ratelimitNanos;

    // domains
    private final String[] names;
    private final int[] weight;
    private final int[] cap;
    private final int[] firstVcpu;
    private final int[] vcpuCount;
    private final long[] affinity;
    private final int[] activeVcpus;
    private final int[] acctOrder;

    // vCPUs
    private final int[] domainOf;
    private final int[] credit;
    private final long[] residualNanos;
    private final int[] pri;
    private final boolean[] parked;
    private final boolean[] active;
    private final int[] state;
    private final int[] pcpuOf;
    private final int[] lastPcpu;
    private final long[] startedNanos;
    private final long[] sliceEnd;
    private final long[] queueSeq;
    private long nextSeq;

    // pCPUs
    private final int[] current;
    private final long[] reschedAt;

    private int creditBalance;
    private long nextTick;
    private long nextAcct;

    // per-domain statistics
    private final long[] chargedNanos;
    private final long[] slices;
    private final long[] boosts;
    private final long[] parks;
    private final long[] preemptions;

    // decision, reused
    private final long[] allowed;
    private final int[] runningDomain;

    public CreditScheduler(SchedulerTiming timing, int logicalPcpus, List<DomainSpec> domains, long startNanos) {
        if (logicalPcpus < 1 || logicalPcpus > 64) {
            throw new IllegalArgumentException("logical pCPUs " + logicalPcpus + " must be 1..64");
        }
        this.timing = timing;
        this.pcpus = logicalPcpus;
        this.creditsPerAcct = timing.creditsPerAccounting();
        this.tickNanos = timing.tickMicros() * 1_000;
        this.sliceNanos = timing.sliceMicros() * 1_000;
        this.acctNanos = timing.accountingMicros() * 1_000;
        this.ratelimitNanos = timing.ratelimitMicros() * 1_000;
        int d = domains.size();
        names = new String[d];
        weight = new int[d];
        cap = new int[d];
        firstVcpu = new int[d];
        vcpuCount = new int[d];
        affinity = new long[d];
        activeVcpus = new int[d];
        acctOrder = new int[d];
        int totalVcpus = 0;
        for (int i = 0; i < d; i++) {
            DomainSpec spec = domains.get(i);
            names[i] = spec.name();
            weight[i] = spec.weight();
            cap[i] = spec.capPercent();
            firstVcpu[i] = totalVcpus;
            vcpuCount[i] = spec.vcpus();
            totalVcpus += spec.vcpus();
            for (int p : spec.affinity()) {
                if (p < 0 || p >= logicalPcpus) {
                    throw new IllegalArgumentException("domain " + spec.name() + ": affinity names pCPU " + p
                            + ", but there are only " + logicalPcpus + " (0.." + (logicalPcpus - 1) + ")");
                }
                affinity[i] |= 1L << p;
            }
            acctOrder[i] = i;
        }
        domainOf = new int[totalVcpus];
        credit = new int[totalVcpus];
        residualNanos = new long[totalVcpus];
        pri = new int[totalVcpus];
        parked = new boolean[totalVcpus];
        active = new boolean[totalVcpus];
        state = new int[totalVcpus];
        pcpuOf = new int[totalVcpus];
        lastPcpu = new int[totalVcpus];
        startedNanos = new long[totalVcpus];
        sliceEnd = new long[totalVcpus];
        queueSeq = new long[totalVcpus];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < vcpuCount[i]; k++) {
                int v = firstVcpu[i] + k;
                domainOf[v] = i;
                pri[v] = PRI_UNDER;
                state[v] = BLOCKED;
                pcpuOf[v] = NONE;
                lastPcpu[v] = NONE;
            }
        }
        current = new int[logicalPcpus];
        Arrays.fill(current, NONE);
        reschedAt = new long[logicalPcpus];
        Arrays.fill(reschedAt, NEVER);
        chargedNanos = new long[d];
        slices = new long[d];
        boosts = new long[d];
        parks = new long[d];
        preemptions = new long[d];
        allowed = new long[d];
        runningDomain = new int[logicalPcpus];
        nextTick = startNanos + tickNanos;
        nextAcct = startNanos + acctNanos;
    }

    /**
     * Advances the scheduler to {@code nowNanos} with one observation per domain (in the order of the domain
     * list) and decides. Read the decision with {@link #allowedPcpus} and {@link #runningDomain}.
     */
    public void poll(long nowNanos, DomainObservation[] observations) {
        for (int d = 0; d < names.length; d++) {
            burn(d, observations[d].usedNanos);
        }
        while (nextAcct <= nowNanos || nextTick <= nowNanos) {
            if (nextAcct <= nextTick) {
                account(nextAcct);
                nextAcct += acctNanos;
            } else {
                tick();
                nextTick += tickNanos;
            }
        }
        for (int d = 0; d < names.length; d++) {
            applyObservation(d, observations[d], nowNanos);
        }
        for (int p = 0; p < pcpus; p++) {
            int v = current[p];
            if (v == NONE || nowNanos >= sliceEnd[v] || nowNanos >= reschedAt[p]) {
                schedule(p, nowNanos);
            }
        }
        decide();
    }

    /** The LOGICAL pCPUs domain {@code d} may use now, as a bit mask: where its vCPUs run, plus idle pCPUs lent to it. */
    public long allowedPcpus(int d) {
        return allowed[d];
    }

    /** The domain whose vCPU runs on logical pCPU {@code p}, or -1 when it is idle. */
    public int runningDomain(int p) {
        return runningDomain[p];
    }

    /** True when every vCPU of the domain is blocked and none is parked: only an event can wake it now. */
    public boolean waitingForEvent(int d) {
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] != BLOCKED || parked[v]) {
                return false;
            }
        }
        return true;
    }

    public int domainCount() {
        return names.length;
    }

    public String domainName(int d) {
        return names[d];
    }

    public int logicalPcpus() {
        return pcpus;
    }

    public SchedulerTiming timing() {
        return timing;
    }

    /** Statistics of one domain so far. */
    public DomainStats stats(int d) {
        return new DomainStats(names[d], chargedNanos[d], slices[d], boosts[d], parks[d], preemptions[d]);
    }

    /** Credits of a domain's vCPUs, for tests and diagnostics. */
    int credit(int d, int vcpu) {
        return credit[firstVcpu[d] + vcpu];
    }

    int priority(int d, int vcpu) {
        return pri[firstVcpu[d] + vcpu];
    }

    boolean isParked(int d, int vcpu) {
        return parked[firstVcpu[d] + vcpu];
    }

    // ---- burning credits (burn_credits) ----

    private void burn(int d, long usedNanos) {
        if (usedNanos <= 0) {
            return;
        }
        chargedNanos[d] += usedNanos;
        int running = 0;
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] == RUNNING) {
                running++;
            }
        }
        if (running == 0) {
            // time used on a lent pCPU before the wake-up was seen (or just before a deschedule was seen): a vCPU
            // that may wake ran it, and is accounted from now on as csched_tick would, so a capped domain with
            // idle vCPUs cannot run on lent pCPUs past its cap
            int v = wakeableVcpu(d);
            burnVcpu(v, usedNanos);
            activate(v);
            return;
        }
        long share = usedNanos / running;
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] == RUNNING) {
                burnVcpu(v, share);
            }
        }
    }

    private void burnVcpu(int v, long nanos) {
        long scaled = nanos * SchedulerTiming.CREDITS_PER_MILLI + residualNanos[v];
        credit[v] -= (int) (scaled / 1_000_000);
        residualNanos[v] = scaled % 1_000_000;
    }

    // ---- csched_tick / csched_unit_acct ----

    private void tick() {
        for (int p = 0; p < pcpus; p++) {
            int v = current[p];
            if (v == NONE) {
                continue;
            }
            if (pri[v] == PRI_BOOST) {
                pri[v] = PRI_UNDER;
            }
            activate(v);
        }
    }

    private void activate(int v) {
        if (!active[v]) {
            active[v] = true;
            activeVcpus[domainOf[v]]++;
        }
    }

    /** The first of the domain's vCPUs that is blocked and not parked, else its first vCPU. */
    private int wakeableVcpu(int d) {
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] == BLOCKED && !parked[v]) {
                return v;
            }
        }
        return firstVcpu[d];
    }

    // ---- csched_acct ----

    private void account(long nowNanos) {
        long weightTotal = 0;
        for (int d = 0; d < names.length; d++) {
            weightTotal += (long) weight[d] * activeVcpus[d];
        }
        long creditTotal = (long) creditsPerAcct * pcpus;
        if (creditBalance < 0) {
            creditTotal -= creditBalance;
        }
        if (weightTotal == 0) {
            creditBalance = 0;
            return;
        }
        long weightLeft = weightTotal;
        int balance = 0;
        boolean creditXtra = false;
        for (int i = 0; i < acctOrder.length; i++) {
            int d = acctOrder[i];
            int activeCount = activeVcpus[d];
            if (activeCount == 0) {
                continue;
            }
            weightLeft -= (long) weight[d] * activeCount;
            long creditPeak = (long) activeCount * creditsPerAcct;
            if (creditBalance < 0) {
                creditPeak += ceilDiv((long) -creditBalance * weight[d] * activeCount, weightTotal);
            }
            long creditCap = 0;
            if (cap[d] != 0) {
                creditCap = ceilDiv((long) cap[d] * creditsPerAcct, 100);
                creditPeak = Math.min(creditPeak, creditCap);
                creditCap = ceilDiv(creditCap, activeCount);
            }
            long creditFair = ceilDiv(creditTotal * weight[d] * activeCount, weightTotal);
            if (creditFair < creditPeak) {
                creditXtra = true;
            } else {
                if (weightLeft != 0) {
                    creditTotal += ceilDiv((creditFair - creditPeak) * weightTotal, weightLeft);
                }
                if (creditXtra) {
                    // keep domains that left credit unused at the head, so others get it next time
                    System.arraycopy(acctOrder, 0, acctOrder, 1, i);
                    acctOrder[0] = d;
                }
                creditFair = creditPeak;
            }
            int perVcpu = (int) ceilDiv(creditFair, activeCount);
            for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
                if (!active[v]) {
                    continue;
                }
                credit[v] += perVcpu;
                if (credit[v] < 0) {
                    pri[v] = PRI_OVER;
                    if (cap[d] != 0 && credit[v] < -creditCap && !parked[v]) {
                        park(v, nowNanos);
                    }
                    credit[v] = Math.max(credit[v], -creditsPerAcct);
                } else {
                    pri[v] = PRI_UNDER;
                    if (parked[v]) {
                        unpark(v, nowNanos);
                    }
                    if (credit[v] > creditsPerAcct) {
                        // an idle vCPU stops earning, and starts the next activity half a period ahead
                        active[v] = false;
                        activeVcpus[d]--;
                        credit[v] /= 2;
                    }
                }
                balance += credit[v];
            }
        }
        creditBalance = balance;
    }

    private void park(int v, long nowNanos) {
        parked[v] = true;
        parks[domainOf[v]]++;
        if (state[v] == RUNNING) {
            int p = pcpuOf[v];
            deschedule(v);
            state[v] = QUEUED;
            queueSeq[v] = nextSeq++;
            schedule(p, nowNanos);
        }
    }

    private void unpark(int v, long nowNanos) {
        parked[v] = false;
        if (state[v] == QUEUED) {
            // unpausing a parked vCPU is not a wake-up from blocking: no boost
            tickle(v, nowNanos);
        }
    }

    // ---- observations: blocking and waking (csched_unit_sleep / csched_unit_wake) ----

    private void applyObservation(int d, DomainObservation observation, long nowNanos) {
        int runnable = 0;
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] != BLOCKED) {
                runnable++;
            }
        }
        int target;
        if (observation.observable) {
            target = Math.min(vcpuCount[d], observation.demandVcpus);
            if (observation.eventPending && target == 0) {
                target = 1;
            }
        } else {
            target = observation.eventPending && runnable == 0 ? 1 : runnable;
        }
        while (runnable > target) {
            block(pickToBlock(d), nowNanos);
            runnable--;
        }
        while (runnable < target) {
            wake(pickToWake(d), nowNanos);
            runnable++;
        }
    }

    private int pickToBlock(int d) {
        int chosen = NONE;
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] == QUEUED) {
                return v;
            }
            if (state[v] == RUNNING && (chosen == NONE || startedNanos[v] > startedNanos[chosen])) {
                chosen = v;
            }
        }
        return chosen;
    }

    private int pickToWake(int d) {
        for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
            if (state[v] == BLOCKED) {
                return v;
            }
        }
        throw new IllegalStateException("no blocked vCPU in " + names[d]);
    }

    private void block(int v, long nowNanos) {
        if (state[v] == RUNNING) {
            int p = pcpuOf[v];
            deschedule(v);
            state[v] = BLOCKED;
            schedule(p, nowNanos);
        } else {
            state[v] = BLOCKED;
        }
    }

    private void wake(int v, long nowNanos) {
        state[v] = QUEUED;
        queueSeq[v] = nextSeq++;
        if (pri[v] == PRI_UNDER && !parked[v]) {
            pri[v] = PRI_BOOST;
            boosts[domainOf[v]]++;
        }
        if (!parked[v]) {
            tickle(v, nowNanos);
        }
    }

    /** __runq_tickle: an idle pCPU runs the waker at once; else it preempts a lower-priority vCPU (rate limited). */
    private void tickle(int v, long nowNanos) {
        long mask = affinity[domainOf[v]];
        int idle = NONE;
        int victim = NONE;
        for (int p = 0; p < pcpus; p++) {
            if ((mask & (1L << p)) == 0) {
                continue;
            }
            int cur = current[p];
            if (cur == NONE) {
                if (idle == NONE || p == lastPcpu[v]) {
                    idle = p;
                }
            } else if (pri[cur] < pri[v] && (victim == NONE || pri[cur] < pri[current[victim]]
                    || (pri[cur] == pri[current[victim]] && startedNanos[cur] < startedNanos[current[victim]]))) {
                victim = p;
            }
        }
        if (idle != NONE) {
            schedule(idle, nowNanos);
        } else if (victim != NONE) {
            long earliest = startedNanos[current[victim]] + ratelimitNanos;
            if (nowNanos >= earliest) {
                schedule(victim, nowNanos);
            } else {
                reschedAt[victim] = Math.min(reschedAt[victim], earliest);
            }
        }
    }

    // ---- csched_schedule ----

    private void schedule(int p, long nowNanos) {
        reschedAt[p] = NEVER;
        int cur = current[p];
        if (cur != NONE) {
            if (nowNanos - startedNanos[cur] < ratelimitNanos) {
                reschedAt[p] = startedNanos[cur] + ratelimitNanos;
                return;
            }
            deschedule(cur);
            state[cur] = QUEUED;
            queueSeq[cur] = nextSeq++;
        }
        int next = bestQueued(p);
        if (next == NONE) {
            return;
        }
        if (cur != NONE && next != cur && nowNanos < sliceEnd[cur]) {
            preemptions[domainOf[cur]]++;
        }
        run(next, p, nowNanos, next != cur);
    }

    private int bestQueued(int p) {
        int best = NONE;
        for (int v = 0; v < state.length; v++) {
            if (state[v] != QUEUED || parked[v] || (affinity[domainOf[v]] & (1L << p)) == 0) {
                continue;
            }
            if (best == NONE || pri[v] > pri[best] || (pri[v] == pri[best] && queueSeq[v] < queueSeq[best])) {
                best = v;
            }
        }
        return best;
    }

    private void run(int v, int p, long nowNanos, boolean newSlice) {
        state[v] = RUNNING;
        pcpuOf[v] = p;
        lastPcpu[v] = p;
        current[p] = v;
        sliceEnd[v] = nowNanos + sliceNanos;
        if (newSlice) {
            startedNanos[v] = nowNanos;
            slices[domainOf[v]]++;
        }
    }

    private void deschedule(int v) {
        current[pcpuOf[v]] = NONE;
        pcpuOf[v] = NONE;
    }

    // ---- decision ----

    private void decide() {
        long idleMask = 0;
        for (int p = 0; p < pcpus; p++) {
            runningDomain[p] = current[p] == NONE ? NONE : domainOf[current[p]];
            if (current[p] == NONE) {
                idleMask |= 1L << p;
            }
        }
        for (int d = 0; d < names.length; d++) {
            long mask = 0;
            boolean canWake = false;
            for (int v = firstVcpu[d]; v < firstVcpu[d] + vcpuCount[d]; v++) {
                if (state[v] == RUNNING) {
                    mask |= 1L << pcpuOf[v];
                } else if (state[v] == BLOCKED && !parked[v]) {
                    canWake = true;
                }
            }
            // a blocked vCPU may wake on an idle pCPU at once, as Xen tickles an idle pCPU: keep it thawed there
            if (canWake) {
                mask |= idleMask & affinity[d];
            }
            allowed[d] = mask;
        }
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
