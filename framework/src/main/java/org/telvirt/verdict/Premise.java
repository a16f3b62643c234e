package org.telvirt.verdict;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.telvirt.Configuration;
import org.telvirt.Role;
import org.telvirt.host.HostCapability;
import org.telvirt.knob.AppliedKnob;

/**
 * The regime a finding presumes (docs/findings.md, section 5), measured on the finding's runs at its stop and
 * reported beside its verdict. Not met, or not measured (the host does not report what it needs), fails the
 * finding: a finding is never skipped because its regime is not the paper's.
 */
public sealed interface Premise permits Premise.LossAtLeast, Premise.BusyCores, Premise.CapsApplied,
        Premise.BusyCoresReported {

    /** The configurations whose runs it reads; measured with the finding's. */
    List<Configuration> configurations();

    /** The host capabilities it needs; without one it is not measured. */
    Set<HostCapability> needs();

    String describe(Function<Configuration, String> label);

    PremiseResult evaluate(Function<Configuration, MeasuredConfiguration> measured,
            Function<Configuration, String> label);

    /** {@code loss(of) >= percent}, pooled over the runs. */
    static Premise lossAtLeast(Configuration of, double percent) {
        return new LossAtLeast(of, percent);
    }

    /**
     * {@code domains} (empty: every domain {@code of} runs) keep, added up and averaged over the runs, a number of
     * cores busy that compares to {@code cores} as {@code comparison} says.
     */
    static BusyCores busyCores(Configuration of, List<String> domains, Comparison comparison, double cores) {
        return new BusyCores(of, domains, comparison, cores, List.of(), Set.of());
    }

    /** Each domain {@code capped} caps runs with the cap {@code percent} % as the host applied it. */
    static Premise capsApplied(List<Configuration> capped, int percent) {
        return new CapsApplied(capped, percent);
    }

    /** Numbers only: the busy cores of {@code domains} in each configuration, reported beside the verdict. */
    static Premise busyCoresReported(List<Configuration> configurations, List<String> domains) {
        return new BusyCoresReported(configurations, domains);
    }

    enum Comparison {
        AT_LEAST(">="), AT_MOST("<="), ABOVE(">");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case AT_LEAST -> value >= threshold;
                case AT_MOST -> value <= threshold;
                case ABOVE -> value > threshold;
            };
        }
    }

    record LossAtLeast(Configuration of, double percent) implements Premise {
        @Override
        public List<Configuration> configurations() {
            return List.of(of);
        }

        @Override
        public Set<HostCapability> needs() {
            return Set.of();
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "loss(" + label.apply(of) + ") >= " + number(percent) + " %";
        }

        @Override
        public PremiseResult evaluate(Function<Configuration, MeasuredConfiguration> measured,
                Function<Configuration, String> label) {
            MeasuredConfiguration runs = measured.apply(of);
            SecondsPool pool = runs.pool();
            double loss = pool.lossPercent(pool.everySecond());
            return new PremiseResult(describe(label), loss >= percent ? PremiseResult.Status.MET
                    : PremiseResult.Status.NOT_MET, String.format(Locale.ROOT, "loss(%s) = %.2f %% pooled over %d s"
                    + " of %d runs", label.apply(of), loss, runs.seconds(), runs.runs()));
        }
    }

    /**
     * @param alsoReported configurations whose busy cores of the same domains are reported beside, not judged
     */
    record BusyCores(Configuration of, List<String> domains, Comparison comparison, double cores,
                     List<Configuration> alsoReported, Set<HostCapability> needs) implements Premise {
        public BusyCores {
            domains = List.copyOf(domains);
            alsoReported = List.copyOf(alsoReported);
            needs = Set.copyOf(needs);
        }

        /** The same premise, with the busy cores of {@code configurations} reported beside. */
        public BusyCores reporting(Configuration... configurations) {
            return new BusyCores(of, domains, comparison, cores, List.of(configurations), needs);
        }

        /** The same premise, measured only on a host with {@code capability}. */
        public BusyCores needing(HostCapability capability) {
            Set<HostCapability> more = EnumSet.of(capability);
            more.addAll(needs);
            return new BusyCores(of, domains, comparison, cores, alsoReported, more);
        }

        @Override
        public List<Configuration> configurations() {
            return Stream.concat(Stream.of(of), alsoReported.stream()).toList();
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return (domains.isEmpty() ? "the domains keep " : String.join(" + ", domains) + " keeps ")
                    + comparison.symbol + " " + number(cores) + " cores busy at " + label.apply(of);
        }

        @Override
        public PremiseResult evaluate(Function<Configuration, MeasuredConfiguration> measured,
                Function<Configuration, String> label) {
            OptionalDouble busy = measured.apply(of).meanBusyCores(domains);
            String numbers = configurations().stream().map(configuration -> busyCores(measured.apply(configuration),
                    domains, label)).collect(Collectors.joining("; "));
            PremiseResult.Status status = busy.isEmpty() ? PremiseResult.Status.NOT_MEASURED
                    : comparison.holds(busy.getAsDouble(), cores) ? PremiseResult.Status.MET
                    : PremiseResult.Status.NOT_MET;
            return new PremiseResult(describe(label), status, numbers);
        }
    }

    /**
     * Reads the configurations among {@code capped} that the finding's claims ran: it adds no run of its own, so a
     * configuration the host cannot run (Figure 7's 2.2 on Xen) is not run for it either.
     */
    record CapsApplied(List<Configuration> capped, int percent) implements Premise {
        /**
         * How every driver writes a cap it applied ({@code cap 1 % of a logical core}, Xen's read-back
         * {@code weight 256 cap 1}), or that it applied none ({@code cap none}).
         */
        private static final Pattern APPLIED_CAP = Pattern.compile("\\bcap (\\d+|none)\\b");
        private static final int NO_CAP = 0;

        public CapsApplied {
            capped = List.copyOf(capped);
        }

        @Override
        public List<Configuration> configurations() {
            return List.of();
        }

        @Override
        public Set<HostCapability> needs() {
            return Set.of();
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "the " + percent + " % cap applied to each capped domain run";
        }

        @Override
        public PremiseResult evaluate(Function<Configuration, MeasuredConfiguration> measured,
                Function<Configuration, String> label) {
            PremiseResult.Status status = PremiseResult.Status.MET;
            List<String> numbers = new ArrayList<>();
            for (Configuration configuration : capped) {
                MeasuredConfiguration runs = measured.apply(configuration);
                if (runs == null) {
                    continue;
                }
                for (String domain : cappedDomains(configuration)) {
                    List<Integer> applied = runs.appliedByRun().stream().map(knobs -> appliedCap(knobs, domain))
                            .toList();
                    numbers.add(label.apply(configuration) + " " + domain + ": cap " + applied.stream()
                            .map(cap -> cap == null ? "not reported" : cap == NO_CAP ? "none" : cap + " %").distinct()
                            .collect(Collectors.joining("/")) + ", " + busyCores(runs, List.of(domain), label));
                    if (applied.contains(null)) {
                        status = PremiseResult.Status.NOT_MEASURED;
                    } else if (applied.stream().anyMatch(cap -> cap != percent)
                            && status == PremiseResult.Status.MET) {
                        status = PremiseResult.Status.NOT_MET;
                    }
                }
            }
            return new PremiseResult(describe(label), status, String.join("; ", numbers));
        }

        private static List<String> cappedDomains(Configuration configuration) {
            return configuration.tuning().caps().keySet().stream().flatMap(role -> Role.domains(role).stream())
                    .distinct().toList();
        }

        /**
         * The cap the run's knobs show applied to {@code domain}, in percent, {@value #NO_CAP} for none; null when no
         * knob of the domain says.
         */
        private static Integer appliedCap(List<AppliedKnob> knobs, String domain) {
            for (AppliedKnob knob : knobs) {
                Matcher cap = APPLIED_CAP.matcher(knob.applied());
                if (knob.domain().equals(domain) && cap.find()) {
                    return cap.group(1).equals("none") ? NO_CAP : Integer.parseInt(cap.group(1));
                }
            }
            return null;
        }
    }

    record BusyCoresReported(List<Configuration> configurations, List<String> domains) implements Premise {
        public BusyCoresReported {
            configurations = List.copyOf(configurations);
            domains = List.copyOf(domains);
        }

        @Override
        public Set<HostCapability> needs() {
            return Set.of();
        }

        @Override
        public String describe(Function<Configuration, String> label) {
            return "busy cores of " + String.join(", ", domains) + ", reported, not judged";
        }

        @Override
        public PremiseResult evaluate(Function<Configuration, MeasuredConfiguration> measured,
                Function<Configuration, String> label) {
            return new PremiseResult(describe(label), PremiseResult.Status.REPORTED, configurations.stream()
                    .flatMap(configuration -> domains.stream().map(domain -> busyCores(measured.apply(configuration),
                            List.of(domain), label))).collect(Collectors.joining("; ")));
        }
    }

    /** {@code dom0 at D: 1.23 cores (mean of 2 runs)}, or that the host keeps no account. */
    private static String busyCores(MeasuredConfiguration runs, List<String> domains,
            Function<Configuration, String> label) {
        OptionalDouble busy = runs.meanBusyCores(domains);
        String whose = (domains.isEmpty() ? "the domains" : String.join(" + ", domains)) + " at "
                + label.apply(runs.configuration());
        return busy.isPresent() ? String.format(Locale.ROOT, "%s: %.2f cores busy (mean of %d runs)", whose,
                busy.getAsDouble(), runs.runs()) : whose + ": busy cores not reported by the host";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
