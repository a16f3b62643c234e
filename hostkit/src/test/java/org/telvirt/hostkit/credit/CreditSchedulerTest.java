package org.telvirt.hostkit.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision core under a fake clock and simulated domains (each vCPU that holds a pCPU uses all of it). */
class CreditSchedulerTest {
    private static final long POLL = 500_000;
    private static final long MS = 1_000_000;

    /**
     * A simulated host. A spinning domain always has {@code demand} busy vCPUs; a waiting domain has none until an
     * event reaches it, then works for 2 ms once it runs. The enforcer's view is imitated: a domain is observable
     * once it has been thawed for 6 ms, and it uses the pCPUs it is allowed (where its vCPUs run, and idle pCPUs
     * lent to it), as many as it has busy threads.
     */
    private static final class Sim {
        static final long WORK_PER_EVENT = 2 * MS;
        static final long OBSERVE_AFTER = 6 * MS;
        final CreditScheduler scheduler;
        final DomainObservation[] observations;
        final int[] demand;
        final boolean[] event;
        final long[] busyUntil;
        final long[] thawedSince;
        final long[] heldNanos;
        long now;

        Sim(int pcpus, DomainSpec... domains) {
            scheduler = new CreditScheduler(SchedulerTiming.xenDefaults(), pcpus, List.of(domains), 0);
            observations = new DomainObservation[domains.length];
            Arrays.setAll(observations, i -> new DomainObservation());
            demand = new int[domains.length];
            event = new boolean[domains.length];
            busyUntil = new long[domains.length];
            thawedSince = new long[domains.length];
            Arrays.fill(thawedSince, -1);
            heldNanos = new long[domains.length];
        }

        /** Polls every 0.5 ms for {@code millis}. */
        void run(long millis) {
            for (long end = now + millis * MS; now < end; ) {
                step();
            }
        }

        /** One poll, 0.5 ms after the last. */
        void step() {
            now += POLL;
            int[] busy = new int[observations.length];
            for (int d = 0; d < observations.length; d++) {
                busy[d] = Math.max(demand[d], now <= busyUntil[d] ? 1 : 0);
            }
            int[] running = new int[observations.length];
            for (int p = 0; p < scheduler.logicalPcpus(); p++) {
                int user = scheduler.runningDomain(p);
                for (int d = 0; user < 0 && d < observations.length; d++) {
                    if (busy[d] > 0 && (scheduler.allowedPcpus(d) & 1L << p) != 0) {
                        user = d;
                    }
                }
                if (user >= 0) {
                    running[user]++;
                }
            }
            for (int d = 0; d < observations.length; d++) {
                DomainObservation o = observations[d].clear();
                long used = Math.min(running[d], busy[d]) * POLL;
                o.usedNanos = used;
                heldNanos[d] += used;
                o.observable = thawedSince[d] >= 0 && now - thawedSince[d] >= OBSERVE_AFTER;
                o.demandVcpus = busy[d];
                o.eventPending = event[d];
            }
            scheduler.poll(now, observations);
            for (int d = 0; d < event.length; d++) {
                boolean thawed = scheduler.allowedPcpus(d) != 0;
                thawedSince[d] = !thawed ? -1 : thawedSince[d] < 0 ? now : thawedSince[d];
                if (thawed && event[d]) {
                    event[d] = false;
                    busyUntil[d] = now + WORK_PER_EVENT;
                }
            }
        }

        boolean runs(int d) {
            for (int p = 0; p < scheduler.logicalPcpus(); p++) {
                if (scheduler.runningDomain(p) == d) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void weightsShareAContendedPcpuInTheirRatio() {
        Sim sim = new Sim(1, DomainSpec.of("heavy", 1, 1024, 0, Set.of(0)), DomainSpec.of("light", 1, 256, 0, Set.of(0)));
        sim.demand[0] = 1;
        sim.demand[1] = 1;
        sim.run(6_000);
        double ratio = (double) sim.heldNanos[0] / sim.heldNanos[1];
        System.out.printf("weights 1024:256 on one pCPU: CPU ratio %.2f%n", ratio);
        assertThat(ratio).isBetween(2.5, 6.0);
        assertThat(sim.heldNanos[0] + sim.heldNanos[1]).isGreaterThan(5_900 * MS);
    }

    @Test
    void equalWeightsAlternateWholeSlices() {
        Sim sim = new Sim(1, DomainSpec.of("a", 1, 256, 0, Set.of(0)), DomainSpec.of("b", 1, 256, 0, Set.of(0)));
        sim.demand[0] = 1;
        sim.demand[1] = 1;
        sim.run(3_000);
        DomainStats a = sim.scheduler.stats(0);
        DomainStats b = sim.scheduler.stats(1);
        double ratio = (double) a.chargedNanos() / b.chargedNanos();
        assertThat(ratio).isBetween(0.8, 1.25);
        // 3 s in slices of 30 ms: about 100 slices in all, not thousands of short turns
        assertThat(a.slices() + b.slices()).isBetween(60L, 110L);
    }

    /** Runs one domain with one busy thread alone on 4 pCPUs; prints and returns the share of one pCPU it got. */
    private static double shareAloneOnFourPcpus(DomainSpec domain, long millis) {
        Sim sim = new Sim(4, domain);
        sim.demand[0] = 1;
        sim.run(millis);
        double share = sim.heldNanos[0] / (millis * (double) MS);
        System.out.printf("%s (%d vCPUs, cap %d %%), one busy thread, alone on 4 pCPUs: %.1f %% of one pCPU, parked %d"
                + " times%n", domain.name(), domain.vcpus(), domain.capPercent(), share * 100, sim.scheduler.stats(0).parks());
        assertThat(sim.scheduler.stats(0).parks()).as("parks").isPositive();
        return share;
    }

    @Test
    void aCapHoldsEvenOnAnOtherwiseIdleHost() {
        assertThat(shareAloneOnFourPcpus(DomainSpec.of("capped", 1, 256, 30, Set.of(0, 1, 2, 3)), 3_000))
                .isBetween(0.2, 0.4);
    }

    @Test
    void aCappedDomainWithIdleVcpusCannotRunOnLentPcpusPastItsCap() {
        assertThat(shareAloneOnFourPcpus(DomainSpec.of("dom0", 4, 256, 1, Set.of(0, 1, 2, 3)), 6_000))
                .isLessThan(0.05);
    }

    @Test
    void aParkedDomainLeavesEvenAnIdlePcpuUnused() {
        Sim sim = new Sim(1, DomainSpec.of("capped", 1, 256, 10, Set.of(0)));
        sim.demand[0] = 1;
        boolean sawParked = false;
        for (int step = 0; step < 400 && !sawParked; step++) {
            sim.run(1);
            sawParked = sim.scheduler.isParked(0, 0);
        }
        assertThat(sawParked).isTrue();
        assertThat(sim.scheduler.allowedPcpus(0)).isZero();
        assertThat(sim.scheduler.runningDomain(0)).isEqualTo(-1);
        sim.run(400);
        assertThat(sim.scheduler.stats(0).slices()).as("unparked by a later accounting").isGreaterThan(1);
    }

    @Test
    void anUnderWakerIsBoostedAndPreemptsAtOnce() {
        Sim sim = new Sim(1, DomainSpec.of("spinner", 1, 256, 0, Set.of(0)), DomainSpec.of("relay", 1, 256, 0, Set.of(0)));
        sim.demand[0] = 1;
        sim.run(95);
        assertThat(sim.runs(0)).isTrue();
        assertThat(sim.scheduler.allowedPcpus(1)).as("blocked relay is frozen: its pCPU is busy").isZero();

        sim.event[1] = true;
        sim.run(1);

        assertThat(sim.runs(1)).as("boosted relay runs within one poll").isTrue();
        assertThat(sim.runs(0)).isFalse();
        assertThat(sim.scheduler.stats(1).boosts()).isEqualTo(1);
        assertThat(sim.scheduler.stats(0).preemptions()).isEqualTo(1);
    }

    @Test
    void aBoostWaitsForTheRatelimitOfAVcpuThatJustStarted() {
        Sim sim = new Sim(1, DomainSpec.of("a", 1, 256, 0, Set.of(0)), DomainSpec.of("b", 1, 256, 0, Set.of(0)),
                DomainSpec.of("relay", 1, 256, 0, Set.of(0)));
        sim.demand[0] = 1;
        sim.demand[1] = 1;
        sim.run(200);
        long slices = sim.scheduler.stats(1).slices();
        while (sim.scheduler.stats(1).slices() == slices) {
            sim.step();
        }
        assertThat(sim.runs(1)).as("b has just started a slice").isTrue();
        assertThat(sim.scheduler.priority(1, 0)).as("b's boost ended at a tick long ago")
                .isLessThan(CreditScheduler.PRI_BOOST);

        sim.event[2] = true;
        sim.step();
        assertThat(sim.runs(2)).as("0.5 ms after b started, the boosted relay still waits").isFalse();
        sim.step();
        assertThat(sim.runs(2)).as("once b has run the 1 ms rate limit, the relay preempts").isTrue();
        assertThat(sim.scheduler.stats(2).boosts()).isEqualTo(1);
    }

    @Test
    void anOverWakerIsNotBoostedAndWaitsForASliceBoundary() {
        Sim sim = new Sim(1, DomainSpec.of("spinner", 1, 256, 0, Set.of(0)), DomainSpec.of("worker", 1, 256, 0, Set.of(0)));
        sim.demand[0] = 1;
        sim.demand[1] = 1;
        sim.run(300);
        while (!(sim.runs(1) && sim.scheduler.priority(1, 0) == CreditScheduler.PRI_OVER) && sim.now < 3_000 * MS) {
            sim.step();
        }
        sim.demand[1] = 0;
        while (sim.runs(1)) {
            sim.step();
        }
        assertThat(sim.scheduler.priority(1, 0)).as("the worker blocked while OVER").isEqualTo(CreditScheduler.PRI_OVER);
        assertThat(sim.runs(0)).isTrue();

        long boostsBefore = sim.scheduler.stats(1).boosts();
        long preemptionsBefore = sim.scheduler.stats(0).preemptions();
        sim.event[1] = true;
        long wokeAt = sim.now;
        long firstRun = -1;
        while (sim.now < wokeAt + 400 * MS && firstRun < 0) {
            sim.step();
            if (sim.runs(1)) {
                firstRun = sim.now;
            }
        }
        System.out.printf("an OVER waker waited %.1f ms for the spinner's slice to end%n", (firstRun - wokeAt) / 1e6);
        assertThat(sim.scheduler.stats(1).boosts()).isEqualTo(boostsBefore);
        assertThat(firstRun).as("the OVER waker runs once the slice ends").isPositive();
        assertThat(firstRun - wokeAt).as("it did not preempt").isGreaterThan(5 * MS);
        assertThat(sim.scheduler.stats(0).preemptions()).isEqualTo(preemptionsBefore);
    }

    @Test
    void aDomainHoldsAsManyPcpusAsItHasBusyVcpus() {
        Sim sim = new Sim(4, DomainSpec.of("dom0", 4, 256, 0, Set.of(0, 1, 2, 3)),
                DomainSpec.of("cpu1", 1, 256, 0, Set.of(0, 1, 2, 3)));
        sim.demand[0] = 2;
        sim.demand[1] = 1;
        sim.run(50);
        assertThat(Long.bitCount(held(sim, 0))).isEqualTo(2);
        assertThat(Long.bitCount(held(sim, 1))).isEqualTo(1);
        assertThat(Long.bitCount(sim.scheduler.allowedPcpus(0))).as("plus the idle pCPU, lent").isEqualTo(3);
    }

    @Test
    void affinityOutsideTheHostIsRejected() {
        assertThatThrownBy(() -> new CreditScheduler(SchedulerTiming.xenDefaults(), 4,
                List.of(DomainSpec.of("x", 1, 256, 0, Set.of(4))), 0))
                .hasMessageContaining("pCPU 4").hasMessageContaining("0..3");
    }

    private static long held(Sim sim, int d) {
        long mask = 0;
        for (int p = 0; p < sim.scheduler.logicalPcpus(); p++) {
            if (sim.scheduler.runningDomain(p) == d) {
                mask |= 1L << p;
            }
        }
        return mask;
    }
}
