package org.telvirt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.telvirt.report.ReportFormat;
import org.telvirt.quality.EModel;

/**
 * The model behind {@link Slo}: limits a run must meet, inclusive; a limit of {@link Slo#UNSET} (NaN) is not
 * checked. Named apart from the annotation so both live in the one public package; every component is the
 * annotation element of the same name.
 */
public record SloLimits(double maxLossPercent, double p99DelayMillis, double p50DelayMillis, double maxJitterMillis,
                        double minMos, double maxWorstStreamLossPercent, double p99StreamLossPercent,
                        double maxBurstLossPackets, double p99CallSetupMillis, double maxFailedCalls) {
    /** How the failure of a run that broke its SLO starts. */
    public static final String VIOLATED_PREFIX = "SLO violated:";

    /** No limit at all: what runs without an {@link Slo} are held to, for the reports. */
    public static final SloLimits NONE = new SloLimits(Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET,
            Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET, Slo.UNSET);

    /** The limits an annotation declares. */
    public static SloLimits of(Slo slo) {
        return new SloLimits(slo.maxLossPercent(), slo.p99DelayMillis(), slo.p50DelayMillis(), slo.maxJitterMillis(),
                slo.minMos(), slo.maxWorstStreamLossPercent(), slo.p99StreamLossPercent(), slo.maxBurstLossPackets(),
                slo.p99CallSetupMillis(), slo.maxFailedCalls());
    }

    /**
     * Limits that cannot mean what was written, each naming {@code source} (e.g. {@code @Slo on gate()}): a negative
     * limit, which no measurement can meet and which earlier versions read as "unset"; a percent above 100, which
     * can never fail; a MOS limit outside the scale, which can never pass (above 4.5) or never fail (1 or below).
     */
    public List<String> problems(String source) {
        List<String> problems = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            double value = limit.of(this);
            if (value < 0) {
                problems.add(source + ": " + limit.element + " " + value + " is negative; leave the element out to"
                        + " leave it unchecked");
            } else if (limit.unit == Unit.PERCENT && value > 100) {
                problems.add(source + ": " + limit.element + " " + value + " is above 100 %, so it can never fail");
            }
        }
        if (minMos > EModel.MAX_MOS) {
            problems.add(source + ": minMos " + minMos + " is above " + EModel.MAX_MOS + ", the best MOS there is,"
                    + " so it can never be met");
        } else if (minMos >= 0 && minMos <= EModel.MIN_MOS) {
            problems.add(source + ": minMos " + minMos + " is at most " + EModel.MIN_MOS + ", the worst MOS there is,"
                    + " so it can never fail");
        }
        return problems;
    }

    /** True when any limit is set. */
    public boolean isSet() {
        return Arrays.stream(Limit.values()).anyMatch(limit -> !Double.isNaN(limit.of(this)));
    }

    /** True when a limit reads the signaling client's results, so the workload has to place calls. */
    public boolean limitsCalls() {
        return !Double.isNaN(p99CallSetupMillis) || !Double.isNaN(maxFailedCalls);
    }

    /**
     * What the run broke, each with the measured number and the limit; empty when it passed. A limit on a figure
     * the run could not measure (no per-stream results, no calls) is broken too: a check that cannot be made
     * must not pass.
     */
    public List<String> violations(MediaRun run) {
        List<String> broken = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            limit.violation(run, limit.of(this)).ifPresent(broken::add);
        }
        return broken;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Limit limit : Limit.values()) {
            double value = limit.of(this);
            if (!Double.isNaN(value)) {
                parts.add(limit.what + (limit.atLeast ? " >= " : " <= ") + limit.unit.limit(value));
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** How a figure and its limit read in a message. */
    enum Unit {
        PERCENT(" %") {
            @Override
            String measured(double value) {
                // two decimals, so that a single lost packet never reads as none
                return String.format(Locale.ROOT, "%.2f %%", value);
            }
        },
        MILLIS(" ms"),
        PACKETS(" packets"),
        SCORE("");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }

        String measured(double value) {
            return ReportFormat.decimal(value) + suffix;
        }

        String limit(double value) {
            return ReportFormat.decimal(value) + suffix;
        }
    }

    /**
     * Every limit, in the order messages list them: its element, what it limits, and how; the one place that
     * checks a limit, for {@link #violations} and for {@link MediaRunAssert}'s single-limit assertions.
     */
    enum Limit {
        LOSS("maxLossPercent", "loss", SloLimits::maxLossPercent, MediaRun::lossPercent, false, Unit.PERCENT),
        P99_DELAY("p99DelayMillis", "p99 delay", SloLimits::p99DelayMillis, run -> run.delayMillis(99.0).orElse(Double.NaN), false,
                Unit.MILLIS),
        P50_DELAY("p50DelayMillis", "p50 delay", SloLimits::p50DelayMillis, run -> run.delayMillis(50.0).orElse(Double.NaN), false,
                Unit.MILLIS),
        JITTER("maxJitterMillis", "max jitter", SloLimits::maxJitterMillis, MediaRun::maxJitterMillis, false,
                Unit.MILLIS),
        MOS("minMos", "MOS", SloLimits::minMos, MediaRun::mos, true, Unit.SCORE),
        WORST_STREAM_LOSS("maxWorstStreamLossPercent", "worst-stream loss", SloLimits::maxWorstStreamLossPercent,
                MediaRun::worstStreamLossPercent, false, Unit.PERCENT),
        P99_STREAM_LOSS("p99StreamLossPercent", "p99 stream loss", SloLimits::p99StreamLossPercent,
                MediaRun::p99StreamLossPercent, false, Unit.PERCENT),
        BURST_LOSS("maxBurstLossPackets", "burst loss", SloLimits::maxBurstLossPackets,
                MediaRun::longestLossBurstPackets, false, Unit.PACKETS),
        P99_CALL_SETUP("p99CallSetupMillis", "p99 call setup", SloLimits::p99CallSetupMillis,
                MediaRun::p99CallSetupMillis, false, Unit.MILLIS),
        FAILED_CALLS("maxFailedCalls", "failed calls", SloLimits::maxFailedCalls, MediaRun::failedCalls, false,
                Unit.SCORE);

        private final String element;
        private final String what;
        private final ToDoubleFunction<SloLimits> limit;
        private final ToDoubleFunction<MediaRun> measured;
        private final boolean atLeast;
        private final Unit unit;

        Limit(String element, String what, ToDoubleFunction<SloLimits> limit, ToDoubleFunction<MediaRun> measured,
                boolean atLeast, Unit unit) {
            this.element = element;
            this.what = what;
            this.limit = limit;
            this.measured = measured;
            this.atLeast = atLeast;
            this.unit = unit;
        }

        double of(SloLimits limits) {
            return limit.applyAsDouble(limits);
        }

        /** The run against {@code value}: empty when it meets it or {@code value} is unset, else what it broke. */
        Optional<String> violation(MediaRun run, double value) {
            if (Double.isNaN(value)) {
                return Optional.empty();
            }
            double figure = measured.applyAsDouble(run);
            if (Double.isNaN(figure)) {
                return Optional.of(what + " not measured, " + (atLeast ? ">= " : "<= ") + unit.limit(value) + " SLO");
            }
            boolean broken = atLeast ? figure < value : figure > value;
            return broken ? Optional.of(what + " " + unit.measured(figure) + (atLeast ? " < " : " > ")
                    + unit.limit(value) + " SLO") : Optional.empty();
        }
    }
}
