package org.telvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.telvirt.knob.Tuning;

/**
 * The paper's experiments, Figures 6-13, each with every configuration (column) it plots, in the
 * paper's order. Where the paper is vague the choice is stated in the column's description.
 */
public enum Figure {
    /** Figure 6: does giving Dom0 and the Media VM more credit-scheduler weight than the CPU-bound VMs stop the loss? */
    WEIGHTS(6, "Weights (mixed workload)", Workload.MIXED) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            int[] dom0Weights = {1024, 4096, 8192, 65535};
            String[] ratios = {"= Dom0", "= Dom0 / 2", "= Dom0 / 4"};
            for (int set = 0; set < ratios.length; set++) {
                for (int i = 0; i < dom0Weights.length; i++) {
                    int dom0 = dom0Weights[i];
                    int media = dom0 >> set;
                    columns.add((set + 2) + "." + (i + 1), "Dom0 " + dom0 + ", Media " + media + " (" + ratios[set] + ")",
                            t -> t.weight(Role.DOM0, dom0).weight(Role.MEDIA, media));
                }
            }
            return columns.list;
        }
    },
    /**
     * Every cap is the paper's own value: it set "the value of cap to 1", reading it as "no more than its weighted
     * share". Xen's cap is a percent of one physical CPU ({@code xl sched-credit -c 1} = 1 %), and the paper's
     * results are those of a 1 % cap: Dom0 or the Media VM capped lose up to 90 %, and capping a single CPU-bound
     * VM is enough for 0 % (a cap at its fair share would barely have slowed a 1-vCPU VM). The fair-share reading
     * stays available as {@link Cap#FAIR_SHARE} (the release gate uses it).
     */
    CAPS(7, "Caps (mixed workload)", Workload.MIXED) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            columns.add("2.1", "cap both CPU VMs at " + PAPER_CAP, t -> t.cap(Role.CPU1, PAPER_CAP_PERCENT).cap(Role.CPU2, PAPER_CAP_PERCENT));
            columns.add("2.2", "cap Dom0 at " + PAPER_CAP, t -> t.cap(Role.DOM0, PAPER_CAP_PERCENT));
            columns.add("2.3", "cap Media VM at " + PAPER_CAP, t -> t.cap(Role.MEDIA, PAPER_CAP_PERCENT));
            columns.add("2.4", "cap one CPU VM at " + PAPER_CAP, t -> t.cap(Role.CPU1, PAPER_CAP_PERCENT));
            int[][] weightSets = {{8192, 8192}, {8192, 4096}, {65535, 32768}};
            for (int set = 0; set < weightSets.length; set++) {
                int dom0 = weightSets[set][0];
                int media = weightSets[set][1];
                String weights = "Dom0 " + dom0 + ", Media " + media;
                columns.add((set + 3) + ".1", "cap both CPU VMs at " + PAPER_CAP + ", " + weights,
                        t -> t.weight(Role.DOM0, dom0).weight(Role.MEDIA, media).cap(Role.CPU1, PAPER_CAP_PERCENT).cap(Role.CPU2, PAPER_CAP_PERCENT));
                columns.add((set + 3) + ".2", "cap one CPU VM at " + PAPER_CAP + ", " + weights,
                        t -> t.weight(Role.DOM0, dom0).weight(Role.MEDIA, media).cap(Role.CPU1, PAPER_CAP_PERCENT));
            }
            return columns.list;
        }
    },
    /** Figure 8: which pinnings of Dom0, the CPU-bound VMs and the Signaling VM keep the media path fed. */
    PINNING(8, "vCPU pinning (mixed workload)", Workload.MIXED) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            columns.add("2.1", "Dom0 pinned to core 0", t -> t.pin(Role.DOM0, "0"));
            columns.add("2.2", "Dom0 pinned to cores 0-1", t -> t.pin(Role.DOM0, "0-1"));
            columns.add("2.3", "Dom0 pinned to cores 0-2", t -> t.pin(Role.DOM0, "0-2"));
            columns.add("3.1", "CPU VMs pinned to core 3", t -> t.pin(Role.CPU1, "3").pin(Role.CPU2, "3"));
            columns.add("3.2", "CPU VMs pinned one core each (2, 3)", t -> t.pin(Role.CPU1, "2").pin(Role.CPU2, "3"));
            columns.add("3.3", "CPU VMs and Signaling VM pinned to cores 2-3",
                    t -> t.pin(Role.CPU1, "2-3").pin(Role.CPU2, "2-3").pin(Role.SIGNALING, "2-3"));
            columns.add("3.4", "CPU VMs float over cores 2-3", t -> t.pin(Role.CPU1, "2-3").pin(Role.CPU2, "2-3"));
            columns.add("4.1", "Media + Signaling on 0-1, Dom0 + CPU VMs on 2-3",
                    t -> t.pin(Role.MEDIA, "0-1").pin(Role.SIGNALING, "0-1").pin(Role.DOM0, "2-3")
                            .pin(Role.CPU1, "2-3").pin(Role.CPU2, "2-3"));
            return columns.list;
        }
    },
    /** Figure 9: does it matter whether Dom0 and the Media VM share an L2 cache, with and without CPU-bound VMs? */
    CACHE_AFFINITY(9, "L2 cache affinity (mixed workload)", Workload.MIXED) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            for (int set = 1; set <= 2; set++) {
                String suffix = set == 1 ? "" : ", no CPU VMs";
                UnaryOperator<Workload> workload = set == 1 ? UnaryOperator.identity() : w -> w.withCpuBoundVms(0);
                columns.add(set + ".1", "Dom0 + Media on 0-1, others on 2-3" + suffix, workload,
                        t -> t.pin(Role.DOM0, "0-1").pin(Role.MEDIA, "0-1").pin(Role.SIGNALING, "2-3")
                                .pin(Role.CPU1, "2-3").pin(Role.CPU2, "2-3"));
                columns.add(set + ".2", "Media on 0-1, Dom0 floats, others on 2-3" + suffix, workload,
                        t -> t.pin(Role.MEDIA, "0-1").pin(Role.SIGNALING, "2-3").pin(Role.CPU1, "2-3").pin(Role.CPU2, "2-3"));
                columns.add(set + ".3", "Media on 2-3, Dom0 floats, others on 0-1" + suffix, workload,
                        t -> t.pin(Role.MEDIA, "2-3").pin(Role.SIGNALING, "0-1").pin(Role.CPU1, "0-1").pin(Role.CPU2, "0-1"));
            }
            return columns.list;
        }
    },
    /** Figure 10: fewer NIC interrupts at the price of held packets. */
    COALESCING(10, "Interrupt coalescing (mixed workload)", Workload.MIXED) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            columns.add("1", "40 us or 3 packets", t -> t.coalesce(40, 3));
            columns.add("2", "80 us or 6 packets", t -> t.coalesce(80, 6));
            return columns.list;
        }
    },
    /** Figure 11: the turnkey system (media and signaling, no CPU-bound VMs) on 4 cores, 10 to 60 calls a second. */
    TURNKEY_FOUR_CORES(11, "Turnkey on 4 cores", Workload.turnkey(60)) {
        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this, false);
            for (int callsPerSecond = 10; callsPerSecond <= 60; callsPerSecond += 10) {
                Workload load = Workload.turnkey(callsPerSecond);
                columns.add(Integer.toString(load.streams()), load.streams() + " streams, " + callsPerSecond + " cps",
                        w -> load, t -> t.cores(4));
            }
            return columns.list;
        }
    },
    /** Figure 12: the turnkey system's full load on 2 cores, with pinning or equal Dom0 and Media weights. */
    TURNKEY_TWO_CORES(12, "Turnkey on 2 cores", Workload.turnkey(60)) {
        @Override
        Tuning.Builder base() {
            return Tuning.builder().cores(2);
        }

        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            columns.add("1.1", "Media pinned to core 0, Signaling to core 1",
                    t -> t.pin(Role.MEDIA, "0").pin(Role.SIGNALING, "1"));
            columns.addTurnkeyWeights("", UnaryOperator.identity());
            return columns.list;
        }
    },
    /** Figure 13: Figure 12 again with the Media VM on a NIC of its own, so media no longer crosses Dom0. */
    VMM_BYPASS(13, "VMM bypass on 2 cores", Workload.turnkey(60)) {
        @Override
        Tuning.Builder base() {
            return Tuning.builder().cores(2);
        }

        @Override
        List<Configuration> columns() {
            Columns columns = new Columns(this);
            columns.add("1.1", "Media VM has its own NIC", t -> t.vmmBypass(true));
            columns.addTurnkeyWeights("own NIC, ", t -> t.vmmBypass(true));
            return columns.list;
        }
    };

    /** The paper's cap value, in Xen's unit: percent of one physical CPU (see {@link #CAPS}). */
    static final int PAPER_CAP_PERCENT = 1;
    private static final String PAPER_CAP = PAPER_CAP_PERCENT + " %";

    private final int number;
    private final String title;
    private final Workload workload;

    Figure(int number, String title, Workload workload) {
        this.number = number;
        this.title = title;
        this.workload = workload;
    }

    /** The figure's number in the paper. */
    public int number() {
        return number;
    }

    /** {@code Figure 7: Caps (mixed workload)}: the name reports and boxplots go by. */
    public String title() {
        return "Figure " + number + ": " + title;
    }

    /** The load every column runs unless the column says otherwise, in the paper's stream counts. */
    public Workload workload() {
        return workload;
    }

    /** Every column in the paper's order, starting with N and D. */
    public List<Configuration> configurations() {
        return List.copyOf(columns());
    }

    /** The column with this id; {@link IllegalArgumentException} listing the ids when absent. */
    public Configuration configuration(String id) {
        return configurations().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(title() + " has no configuration '" + id
                        + "'; it has " + configurations().stream().map(Configuration::id).toList()));
    }

    abstract List<Configuration> columns();

    /** Knobs every column of the figure shares (the turnkey figures' core count). */
    Tuning.Builder base() {
        return Tuning.builder();
    }

    private static final class Columns {
        private final Figure figure;
        private final List<Configuration> list = new ArrayList<>();

        Columns(Figure figure) {
            this(figure, true);
        }

        Columns(Figure figure, boolean withDefaults) {
            this.figure = figure;
            list.add(new Configuration(figure, Configuration.NATIVE_ID, "native Linux", Tuning.DEFAULTS,
                    figure.workload, true));
            if (withDefaults) {
                add(Configuration.DEFAULTS_ID, "virtualized, all defaults", t -> t);
            }
        }

        /** Columns 2.1-2.3 of the turnkey figures: Dom0 = Media weight 1K, 4K, 8K on top of {@code common}. */
        void addTurnkeyWeights(String prefix, UnaryOperator<Tuning.Builder> common) {
            int[] weights = {1024, 4096, 8192};
            for (int i = 0; i < weights.length; i++) {
                int weight = weights[i];
                add("2." + (i + 1), prefix + "Dom0 = Media weight " + weight,
                        t -> common.apply(t).weight(Role.DOM0, weight).weight(Role.MEDIA, weight));
            }
        }

        void add(String id, String description, UnaryOperator<Tuning.Builder> knobs) {
            add(id, description, UnaryOperator.identity(), knobs);
        }

        void add(String id, String description, UnaryOperator<Workload> workload, UnaryOperator<Tuning.Builder> knobs) {
            Tuning tuning = knobs.apply(figure.base()).build();
            list.add(new Configuration(figure, id, description, tuning, workload.apply(figure.workload), false));
        }
    }
}
