package org.telvirt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Every scheduler and I/O knob of one configuration, immutable. Built from annotations or from a
 * figure column; a host applies it. Knobs not set keep Xen's defaults: weight 256, no cap, vCPUs
 * float over every core, an interrupt per packet, media through Dom0, every core in use.
 */
public final class Tuning {
    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 65535;
    public static final Tuning DEFAULTS = builder().build();

    private final Map<String, Integer> weights;
    private final Map<String, CapSetting> caps;
    private final Map<String, CpuSet> pins;
    private final Coalescing coalescing;
    private final boolean vmmBypass;
    private final int cores;

    private Tuning(Builder builder) {
        this.weights = Collections.unmodifiableMap(new TreeMap<>(builder.weights));
        this.caps = Collections.unmodifiableMap(new TreeMap<>(builder.caps));
        this.pins = Collections.unmodifiableMap(new TreeMap<>(builder.pins));
        this.coalescing = builder.coalescing;
        this.vmmBypass = builder.vmmBypass;
        this.cores = builder.cores;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int weight(String domain) {
        return weights.getOrDefault(domain, Weights.DEFAULT);
    }

    /** Weights set explicitly, by domain. */
    public Map<String, Integer> weights() {
        return weights;
    }

    public Map<String, CapSetting> caps() {
        return caps;
    }

    public Optional<CapSetting> cap(String domain) {
        return Optional.ofNullable(caps.get(domain));
    }

    /**
     * The cap a host applies to a domain, in percent of one CPU (0 = none): the explicit percent, or
     * for {@link CapSetting#weightedFairShare()} the domain's weight over the weights of every
     * domain present, times the cores, capped at what its vCPUs could use at all.
     */
    public int capPercent(String domain, List<String> domainsPresent, int cores, int vcpus) {
        CapSetting setting = caps.get(domain);
        if (setting == null) {
            return 0;
        }
        if (!setting.fairShare()) {
            return setting.percent();
        }
        long totalWeight = domainsPresent.stream().mapToLong(this::weight).sum();
        long share = Math.round(100.0 * cores * weight(domain) / totalWeight);
        return (int) Math.max(1, Math.min(share, 100L * vcpus));
    }

    public Map<String, CpuSet> pins() {
        return pins;
    }

    public Optional<CpuSet> pin(String domain) {
        return Optional.ofNullable(pins.get(domain));
    }

    public Optional<Coalescing> coalescing() {
        return Optional.ofNullable(coalescing);
    }

    public boolean vmmBypass() {
        return vmmBypass;
    }

    /** The number of cores the experiment may use, when restricted by {@link Cores}. */
    public OptionalInt cores() {
        return cores > 0 ? OptionalInt.of(cores) : OptionalInt.empty();
    }

    /** True when no knob differs from Xen's defaults: the paper's column D. */
    public boolean isDefault() {
        return describe().isEmpty();
    }

    /** Every knob that differs from the defaults, as report parameters ({@code weight.dom0 = 8192}). */
    public Map<String, String> describe() {
        Map<String, String> knobs = new LinkedHashMap<>();
        weights.forEach((domain, weight) -> knobs.put("weight." + domain, Integer.toString(weight)));
        caps.forEach((domain, cap) -> knobs.put("cap." + domain, cap.toString()));
        pins.forEach((domain, cpus) -> knobs.put("pin." + domain, cpus.toString()));
        if (coalescing != null) {
            knobs.put("coalesce", coalescing.toString());
        }
        if (vmmBypass) {
            knobs.put("vmmBypass", "true");
        }
        if (cores > 0) {
            knobs.put("cores", Integer.toString(cores));
        }
        return knobs;
    }

    @Override
    public String toString() {
        return isDefault() ? "defaults" : describe().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tuning that && describe().equals(that.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    /**
     * Collects knobs and checks each against what any host accepts; problems are gathered and
     * reported together, each naming where the value came from.
     */
    public static final class Builder {
        private final Map<String, Integer> weights = new TreeMap<>();
        private final Map<String, CapSetting> caps = new TreeMap<>();
        private final Map<String, CpuSet> pins = new TreeMap<>();
        private final List<String> problems = new ArrayList<>();
        private Coalescing coalescing;
        private boolean vmmBypass;
        private int cores;

        private Builder() {
        }

        public Builder weight(String domain, int weight, String source) {
            if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
                problems.add(source + ": weight " + weight + " of " + domain + " is outside "
                        + MIN_WEIGHT + ".." + MAX_WEIGHT);
            }
            for (String each : domains(domain, source)) {
                if (weight == Weights.DEFAULT) {
                    weights.remove(each);
                } else {
                    weights.put(each, weight);
                }
            }
            return this;
        }

        public Builder weight(String domain, int weight) {
            return weight(domain, weight, "weight");
        }

        public Builder cap(String domain, int percent, String source) {
            if (percent != Cap.FAIR_SHARE && percent < 0) {
                problems.add(source + ": cap " + percent + " % of " + domain
                        + " is negative (0 means no cap, Cap.FAIR_SHARE the weighted share)");
            }
            CapSetting setting = percent == Cap.FAIR_SHARE ? CapSetting.weightedFairShare() : CapSetting.ofPercent(percent);
            for (String each : domains(domain, source)) {
                if (percent == 0) {
                    caps.remove(each);
                } else {
                    caps.put(each, setting);
                }
            }
            return this;
        }

        public Builder cap(String domain, int percent) {
            return cap(domain, percent, "cap");
        }

        public Builder pin(String domain, String cpus, String source) {
            try {
                CpuSet set = CpuSet.parse(cpus);
                for (String each : domains(domain, source)) {
                    pins.put(each, set);
                }
            } catch (IllegalArgumentException malformed) {
                problems.add(source + ": " + malformed.getMessage());
            }
            return this;
        }

        public Builder pin(String domain, String cpus) {
            return pin(domain, cpus, "pin");
        }

        public Builder coalesce(int micros, int frames, String source) {
            if (micros < 0 || frames < 1) {
                problems.add(source + ": coalescing needs micros >= 0 and frames >= 1, got "
                        + micros + " us / " + frames + " frames");
            }
            coalescing = new Coalescing(micros, frames);
            return this;
        }

        public Builder coalesce(int micros, int frames) {
            return coalesce(micros, frames, "coalesce");
        }

        public Builder vmmBypass(boolean bypass) {
            this.vmmBypass = bypass;
            return this;
        }

        public Builder cores(int count, String source) {
            if (count < 1) {
                problems.add(source + ": cores must be at least 1, got " + count);
            }
            this.cores = count;
            return this;
        }

        public Builder cores(int count) {
            return cores(count, "cores");
        }

        /** Starts from another tuning, whose knobs later calls may override. */
        public Builder from(Tuning base) {
            weights.putAll(base.weights);
            caps.putAll(base.caps);
            pins.putAll(base.pins);
            coalescing = base.coalescing;
            vmmBypass = base.vmmBypass;
            cores = base.cores;
            return this;
        }

        public Tuning build() {
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
            return new Tuning(this);
        }

        private List<String> domains(String domain, String source) {
            if (Role.CPU_BOUND.equals(domain)) {
                return Role.CPU_BOUND_VMS;
            }
            if (!Role.ALL.contains(domain)) {
                problems.add(source + ": unknown domain '" + domain + "' (known: "
                        + String.join(", ", Role.ALL) + ", " + Role.CPU_BOUND + ")");
                return List.of();
            }
            return List.of(domain);
        }
    }
}
