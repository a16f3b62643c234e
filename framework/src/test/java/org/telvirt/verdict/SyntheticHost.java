package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.telvirt.Configuration;
import org.telvirt.MeasuredSecond;
import org.telvirt.Role;
import org.telvirt.host.HostCapability;
import org.telvirt.knob.AppliedKnob;

/**
 * Made-up runs with the emulated host's noise (docs/evidence.md): a run's loss lands up to a few points from the
 * configuration's level, loss comes in bursts of seconds, the delay box moves a little from second to second and the
 * tail (p99) between 25 and 205 ms from run to run. Deterministic: a run is drawn from a seed of its configuration and
 * number. Every configuration a finding reads must be described; a run asked of any other fails the test.
 */
final class SyntheticHost implements RunSource, HostCapabilities {
    /** Packets a second: 20 streams; a lost packet is 0.1 % of a second. */
    static final int SENT_PER_SECOND = 1_000;
    /** The suite's runs: 6 s measured after the warm-up. */
    static final int SECONDS_PER_RUN = 6;

    private final Map<Configuration, Behaviour> behaviours = new HashMap<>();
    private final Map<HostCapability, String> lacking = new EnumMap<>(HostCapability.class);
    private final List<String> asked = new ArrayList<>();

    /** How a configuration behaves on this host. */
    record Behaviour(double lossPercent, double runSpreadPoints, boolean burstyLoss, double p50Millis,
                     Map<String, Double> busyCores, boolean capApplied) {

        /** Losing {@code lossPercent} on average in bursts, a run up to 3 points above another; a 2 ms median. */
        static Behaviour losing(double lossPercent) {
            return new Behaviour(lossPercent, Math.min(3, lossPercent), lossPercent < 15, 2, Map.of(), true);
        }

        Behaviour steadily(double spreadPoints) {
            return new Behaviour(lossPercent, spreadPoints, false, p50Millis, busyCores, capApplied);
        }

        Behaviour withMedianMillis(double millis) {
            return new Behaviour(lossPercent, runSpreadPoints, burstyLoss, millis, busyCores, capApplied);
        }

        Behaviour keepingBusy(String domain, double cores) {
            Map<String, Double> busy = new LinkedHashMap<>(busyCores);
            busy.put(domain, cores);
            return new Behaviour(lossPercent, runSpreadPoints, burstyLoss, p50Millis, busy, capApplied);
        }

        Behaviour withoutItsCap() {
            return new Behaviour(lossPercent, runSpreadPoints, burstyLoss, p50Millis, busyCores, false);
        }
    }

    SyntheticHost with(Configuration configuration, Behaviour behaviour) {
        behaviours.put(configuration, behaviour);
        return this;
    }

    SyntheticHost lacking(HostCapability capability, String reason) {
        lacking.put(capability, reason);
        return this;
    }

    /** Every run asked for, {@code D #1}, in order. */
    List<String> asked() {
        return asked;
    }

    @Override
    public Optional<String> lacks(HostCapability capability) {
        return Optional.ofNullable(lacking.get(capability));
    }

    @Override
    public JudgedRun run(Configuration configuration, int number) {
        Behaviour behaviour = behaviours.get(configuration);
        if (behaviour == null) {
            throw new AssertionError("no behaviour made up for " + configuration.key());
        }
        asked.add(configuration.id() + " #" + number);
        SplittableRandom random = new SplittableRandom(configuration.key().hashCode() * 31L + number);
        double runLoss = Math.min(100, behaviour.lossPercent() + behaviour.runSpreadPoints() * random.nextDouble());
        double p99Millis = 25 + 180 * random.nextDouble();
        List<MeasuredSecond> seconds = new ArrayList<>();
        for (int second = 0; second < SECONDS_PER_RUN; second++) {
            long lost = Math.round(SENT_PER_SECOND * secondLoss(behaviour, runLoss, random) / 100);
            seconds.add(new MeasuredSecond(SENT_PER_SECOND, lost, delays(SENT_PER_SECOND - lost,
                    behaviour.p50Millis() * Math.exp(0.05 * random.nextGaussian()), p99Millis, random)));
        }
        Map<String, Double> busy = new LinkedHashMap<>();
        behaviour.busyCores().forEach((domain, cores) -> busy.put(domain, cores + 0.02 * random.nextGaussian()));
        return new JudgedRun(seconds, busy, applied(configuration, behaviour.capApplied()));
    }

    /** In bursts: two seconds in five lose 2.5 times the run's level, the rest nothing; steadily: near it every second. */
    private static double secondLoss(Behaviour behaviour, double runLoss, SplittableRandom random) {
        if (behaviour.burstyLoss()) {
            return random.nextDouble() < 0.4 ? Math.min(100, 2.5 * runLoss * (0.5 + random.nextDouble())) : 0;
        }
        return Math.max(0, Math.min(100, runLoss + (0.3 + 0.05 * runLoss) * random.nextGaussian()));
    }

    /**
     * {@code count} delays: a box around {@code medianMillis} (p75 about 1.5 x p50), 2 % of them in a tail reaching
     * {@code p99Millis}; rounded to two significant digits, as few distinct values as a real second has buckets.
     */
    private static Histogram delays(long count, double medianMillis, double p99Millis, SplittableRandom random) {
        Histogram delays = new Histogram(3);
        for (long packet = 0; packet < count; packet++) {
            double millis = random.nextDouble() < 0.02 ? medianMillis + (p99Millis - medianMillis)
                    * random.nextDouble() : medianMillis * Math.exp(0.6 * random.nextGaussian());
            delays.recordValue(twoSignificantDigits(Math.round(millis * 1000)));
        }
        return delays;
    }

    private static long twoSignificantDigits(long micros) {
        long scale = 1;
        while (micros / scale >= 100) {
            scale *= 10;
        }
        return Math.max(1, Math.round((double) micros / scale) * scale);
    }

    /** The credit scheduler's line for each capped domain: {@code cap 1 % of a logical core}, or none. */
    private static List<AppliedKnob> applied(Configuration configuration, boolean capApplied) {
        List<AppliedKnob> applied = new ArrayList<>();
        configuration.tuning().caps().forEach((role, cap) -> Role.domains(role).forEach(domain ->
                applied.add(new AppliedKnob(domain, "credit", "cap " + cap.value(), "1 vCPU, weight 256, cap "
                        + (capApplied ? cap.percent() + " % of a logical core" : "none") + ", logical cores 0-3"))));
        return applied;
    }
}
