package org.telvirt.knob;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every knob of one configuration, immutable, at most one per {@link Knob#key()}. Built from annotations or from a
 * figure column; a driver applies it through {@link #accept(Knob.Visitor)}. Knobs not set keep Xen's defaults: weight
 * 256, no cap, vCPUs float over every core, an interrupt per packet, media through Dom0, every core in use.
 */
public final class Tuning {
    public static final Tuning DEFAULTS = builder().build();

    private final Map<String, Knob> knobs;
    /** Where a knob came from ({@code @Pin(...) on test()}), by key, for problems a user can find. */
    private final Map<String, String> sources;

    private Tuning(Map<String, Knob> knobs, Map<String, String> sources) {
        this.knobs = Collections.unmodifiableMap(new TreeMap<>(knobs));
        this.sources = Map.copyOf(sources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Hands every knob to the driver's visitor, in the order of their keys. */
    public void accept(Knob.Visitor visitor) {
        knobs.values().forEach(knob -> knob.accept(visitor));
    }

    public List<Knob> knobs() {
        return List.copyOf(knobs.values());
    }

    /**
     * Everything in this tuning the host's topology cannot provide: a core count above the host's, a pin to a core
     * the experiment lacks, a cap above its cores. Every driver's validation starts from this.
     */
    public List<String> problemsOn(int hostCores) {
        Knob.Topology topology = new Knob.Topology(hostCores, Math.min(hostCores, cores().orElse(hostCores)));
        List<String> problems = new ArrayList<>();
        knobs.values().forEach(knob -> knob.problemsOn(topology).forEach(problem ->
                problems.add(sources.containsKey(knob.key()) ? sources.get(knob.key()) + ": " + problem : problem)));
        return problems;
    }

    public int weight(String domain) {
        return weights().getOrDefault(domain, Knob.Weight.DEFAULT);
    }

    /** Weights set explicitly, by domain. */
    public Map<String, Integer> weights() {
        return byDomain(Knob.Weight.class, Knob.Weight::domain, Knob.Weight::weight);
    }

    public Map<String, Knob.Cap> caps() {
        return byDomain(Knob.Cap.class, Knob.Cap::domain, Function.identity());
    }

    public Optional<Knob.Cap> cap(String domain) {
        return Optional.ofNullable(caps().get(domain));
    }

    /**
     * The cap a host applies to a domain, in percent of one CPU (0 = none): the explicit percent, or for a
     * {@link Knob.Cap#fairShare()} cap the domain's weight over the weights of every domain present, times the
     * experiment's cores, rounded, at least 1 % and at most what its vCPUs could use at all.
     */
    public int capPercent(String domain, List<String> domainsPresent, int cores, int vcpus) {
        Optional<Knob.Cap> cap = cap(domain);
        if (cap.isEmpty()) {
            return 0;
        }
        if (!cap.get().fairShare()) {
            return cap.get().percent();
        }
        long totalWeight = domainsPresent.stream().mapToLong(this::weight).sum();
        long share = Math.round(100.0 * cores * weight(domain) / totalWeight);
        return (int) Math.max(1, Math.min(share, 100L * vcpus));
    }

    public Map<String, CpuSet> pins() {
        return byDomain(Knob.Pin.class, Knob.Pin::domain, Knob.Pin::cpus);
    }

    public Optional<CpuSet> pin(String domain) {
        return Optional.ofNullable(pins().get(domain));
    }

    public Optional<Knob.Coalesce> coalescing() {
        return first(Knob.Coalesce.class);
    }

    public boolean vmmBypass() {
        return first(Knob.VmmBypass.class).isPresent();
    }

    /** The number of cores the experiment may use, when restricted. */
    public OptionalInt cores() {
        return first(Knob.Cores.class).map(cores -> OptionalInt.of(cores.count())).orElse(OptionalInt.empty());
    }

    /** True when no knob differs from Xen's defaults: the paper's column D. */
    public boolean isDefault() {
        return knobs.isEmpty();
    }

    /** Every knob that differs from the defaults, as report parameters ({@code weight.dom0 = 8192}). */
    public Map<String, String> describe() {
        Map<String, String> described = new LinkedHashMap<>();
        knobs.values().forEach(knob -> described.put(knob.key(), knob.value()));
        return described;
    }

    @Override
    public String toString() {
        return isDefault() ? "defaults" : describe().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tuning that && knobs.equals(that.knobs);
    }

    @Override
    public int hashCode() {
        return knobs.hashCode();
    }

    private <K extends Knob> Optional<K> first(Class<K> kind) {
        return knobs.values().stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    private <K extends Knob, V> Map<String, V> byDomain(Class<K> kind, Function<K, String> domain, Function<K, V> value) {
        return knobs.values().stream().filter(kind::isInstance).map(kind::cast)
                .collect(Collectors.toMap(domain, value, (first, second) -> second, TreeMap::new));
    }

    /**
     * Collects knobs; a later knob with the same key replaces an earlier one, a weight of {@link Knob.Weight#DEFAULT}
     * or a cap of 0 % removes the domain's knob. Values are checked by the knobs themselves
     * ({@link IllegalArgumentException} naming the value).
     */
    public static final class Builder {
        private final Map<String, Knob> knobs = new TreeMap<>();
        private final Map<String, String> sources = new TreeMap<>();
        private String source;

        private Builder() {
        }

        /** Names where the knobs added next come from, for the problems {@link Tuning#problemsOn} reports. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder add(Knob knob) {
            knobs.put(knob.key(), knob);
            if (source == null) {
                sources.remove(knob.key());
            } else {
                sources.put(knob.key(), source);
            }
            return this;
        }

        private Builder remove(Knob knob) {
            knobs.remove(knob.key());
            sources.remove(knob.key());
            return this;
        }

        public Builder weight(String domain, int weight) {
            Knob.Weight knob = new Knob.Weight(domain, weight);
            return weight == Knob.Weight.DEFAULT ? remove(knob) : add(knob);
        }

        /** A cap in percent of one CPU; 0 removes the domain's cap. */
        public Builder cap(String domain, int percent) {
            if (percent == 0) {
                return remove(Knob.Cap.fairShareOf(domain));
            }
            return add(Knob.Cap.ofPercent(domain, percent));
        }

        public Builder fairShareCap(String domain) {
            return add(Knob.Cap.fairShareOf(domain));
        }

        public Builder pin(String domain, CpuSet cpus) {
            return add(new Knob.Pin(domain, cpus));
        }

        public Builder pin(String domain, String cpus) {
            return pin(domain, CpuSet.parse(cpus));
        }

        public Builder coalesce(int micros, int frames) {
            return add(new Knob.Coalesce(micros, frames));
        }

        public Builder vmmBypass(boolean bypass) {
            return bypass ? add(new Knob.VmmBypass()) : remove(new Knob.VmmBypass());
        }

        public Builder cores(int count) {
            return add(new Knob.Cores(count));
        }

        /** Starts from another tuning, whose knobs later calls may override. */
        public Builder from(Tuning base) {
            knobs.putAll(base.knobs);
            sources.putAll(base.sources);
            return this;
        }

        public Tuning build() {
            return new Tuning(knobs, sources);
        }
    }
}
