package org.telvirt;

import org.telvirt.knob.Tuning;

/**
 * One column of an experiment: what runs ({@link Workload}), how the host is tuned
 * ({@link Tuning}), and whether it runs natively (the paper's column N) instead of on the
 * selected host.
 *
 * @param figure the figure it belongs to, or {@code null} for a single test
 * @param id the column's label as the paper prints it ({@code N}, {@code D}, {@code 2.1})
 * @param description what the column changes, in words
 * @param tuning every knob the column sets
 * @param workload what runs, before the host scales it
 * @param runsNatively true for column N, which always runs on the native host whatever host is selected
 */
public record Configuration(Figure figure, String id, String description, Tuning tuning, Workload workload,
                            boolean runsNatively) {
    /** The paper's column N: the workload on native Linux, the baseline every figure compares against. */
    public static final String NATIVE_ID = "N";
    /** The paper's column D: virtualized with every knob at Xen's default. */
    public static final String DEFAULTS_ID = "D";

    /** A configuration of no figure: one test's annotations, described by its knobs. */
    public static Configuration single(String id, Tuning tuning, Workload workload) {
        return new Configuration(null, id, tuning.toString(), tuning, workload, false);
    }

    /** The same column with another workload: how the engine fits the paper's load to a host. */
    public Configuration withWorkload(Workload changed) {
        return new Configuration(figure, id, description, tuning, changed, runsNatively);
    }

    /** A name unique within a run, safe for file names: {@code fig07-2.1}. */
    public String key() {
        String prefix = figure == null ? "test" : String.format("fig%02d", figure.number());
        return prefix + "-" + id.replaceAll("[^A-Za-z0-9.]+", "_");
    }

    @Override
    public String toString() {
        return id + " (" + description + ")";
    }
}
