package org.telvirt.knob;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scheduler or I/O setting of a configuration, with its one definition of what values it takes. A driver applies
 * knobs only through {@link Visitor}, whose method per knob every driver implements: a new knob breaks the compile
 * of every driver until it applies the knob or refuses it with a reason.
 */
public sealed interface Knob permits Knob.Weight, Knob.Cap, Knob.Pin, Knob.Coalesce, Knob.VmmBypass, Knob.Cores {

    /** The knob's name in reports and {@code run.json} ({@code weight.dom0}); a tuning holds one knob per key. */
    String key();

    /** The value as reports show it ({@code 8192}, {@code fair share}, {@code 0-1}). */
    String value();

    void accept(Visitor visitor);

    /** What this value cannot mean on the host's topology; empty when it fits. */
    default List<String> problemsOn(Topology topology) {
        return List.of();
    }

    /** How a driver applies each kind of knob. */
    interface Visitor {
        void weight(Weight weight);

        void cap(Cap cap);

        void pin(Pin pin);

        void coalesce(Coalesce coalesce);

        void vmmBypass(VmmBypass bypass);

        void cores(Cores cores);
    }

    /** Xen's credit weight of a domain: its share of contended CPU relative to the other domains' weights. */
    record Weight(String domain, int weight) implements Knob {
        public static final int MIN = 1;
        public static final int MAX = 65535;
        public static final int DEFAULT = 256;

        public Weight {
            if (weight < MIN || weight > MAX) {
                throw new IllegalArgumentException("weight " + weight + " of " + domain + " is outside " + MIN + ".."
                        + MAX);
            }
        }

        @Override
        public String key() {
            return "weight." + domain;
        }

        @Override
        public String value() {
            return Integer.toString(weight);
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.weight(this);
        }
    }

    /**
     * Xen's credit cap of a domain: at most {@code percent} of one CPU, or, as {@link #fairShare()}, its weight's share
     * of the experiment's cores, which {@link Tuning#capPercent} resolves when the domains present are known.
     */
    record Cap(String domain, int percent, boolean fairShare) implements Knob {
        public Cap {
            if (!fairShare && percent < 1) {
                throw new IllegalArgumentException("cap " + percent + " % of " + domain
                        + " is not a cap (0 means none; at least 1 % of a CPU)");
            }
        }

        public static Cap ofPercent(String domain, int percent) {
            return new Cap(domain, percent, false);
        }

        public static Cap fairShareOf(String domain) {
            return new Cap(domain, 0, true);
        }

        @Override
        public String key() {
            return "cap." + domain;
        }

        @Override
        public String value() {
            return fairShare ? "fair share" : percent + " %";
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.cap(this);
        }

        @Override
        public List<String> problemsOn(Topology topology) {
            return !fairShare && percent > 100 * topology.experimentCores()
                    ? List.of("cap " + percent + " % of " + domain + " is above " + topology.experimentCores()
                            + " cores x 100 %")
                    : List.of();
        }
    }

    /** Hard affinity of every vCPU of a domain to the experiment's cores, like {@code xl vcpu-pin}. */
    record Pin(String domain, CpuSet cpus) implements Knob {
        @Override
        public String key() {
            return "pin." + domain;
        }

        @Override
        public String value() {
            return cpus.toString();
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.pin(this);
        }

        @Override
        public List<String> problemsOn(Topology topology) {
            return cpus.highest() >= topology.experimentCores()
                    ? List.of("pin of " + domain + " to cores " + cpus + ": core " + cpus.highest()
                            + " is not among the experiment's cores 0-" + (topology.experimentCores() - 1))
                    : List.of();
        }
    }

    /**
     * Receive interrupt coalescing: one interrupt after {@code micros} or {@code frames} packets, whichever first, as
     * {@code ethtool -C IF rx-usecs U rx-frames F} sets it (0 turns that trigger off).
     */
    record Coalesce(int micros, int frames) implements Knob {
        /** One interrupt per packet: the paper's default. */
        public static final Coalesce PER_PACKET = new Coalesce(0, 1);
        private static final Pattern RX_USECS = Pattern.compile("(?m)^rx-usecs:\\s*(\\d+)\\s*$");
        private static final Pattern RX_FRAMES = Pattern.compile("(?m)^rx-frames:\\s*(\\d+)\\s*$");

        public Coalesce {
            if (micros < 0 || frames < 0) {
                throw new IllegalArgumentException("coalescing needs micros >= 0 and frames >= 0, got " + micros
                        + " us / " + frames + " frames");
            }
        }

        /** The receive settings {@code ethtool -c IF} prints. */
        public static Coalesce parseEthtool(String output) {
            Matcher usecs = RX_USECS.matcher(output);
            Matcher frames = RX_FRAMES.matcher(output);
            if (!usecs.find() || !frames.find()) {
                throw new IllegalArgumentException("'ethtool -c' shows no rx-usecs/rx-frames (n/a: the driver has no"
                        + " coalescing): " + output.strip());
            }
            return new Coalesce(Integer.parseInt(usecs.group(1)), Integer.parseInt(frames.group(1)));
        }

        @Override
        public String key() {
            return "coalesce";
        }

        @Override
        public String value() {
            return micros + " us or " + frames + " frames";
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.coalesce(this);
        }

        @Override
        public String toString() {
            return value();
        }
    }

    /** The media domain gets a NIC of its own, so media packets no longer cross Dom0. */
    record VmmBypass() implements Knob {
        @Override
        public String key() {
            return "vmmBypass";
        }

        @Override
        public String value() {
            return "true";
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.vmmBypass(this);
        }
    }

    /** The experiment uses only the host's first {@code count} cores. */
    record Cores(int count) implements Knob {
        public Cores {
            if (count < 1) {
                throw new IllegalArgumentException("cores must be at least 1, got " + count);
            }
        }

        @Override
        public String key() {
            return "cores";
        }

        @Override
        public String value() {
            return Integer.toString(count);
        }

        @Override
        public void accept(Visitor visitor) {
            visitor.cores(this);
        }

        @Override
        public List<String> problemsOn(Topology topology) {
            return count > topology.hostCores()
                    ? List.of("cores " + count + ": the host has " + topology.hostCores() + " cores")
                    : List.of();
        }
    }

    /** The cores a host has and those an experiment on it uses ({@link Cores}, else all of them). */
    record Topology(int hostCores, int experimentCores) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d cores", experimentCores, hostCores);
        }
    }
}
