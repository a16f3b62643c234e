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
 */
public record Configuration(Figure figure, String id, String description, Tuning tuning, Workload workload,
                            boolean runsNatively) {
    public static final String NATIVE_ID = "N";
    public static final String DEFAULTS_ID = "D";

    public static Configuration single(String id, Tuning tuning, Workload workload) {
        return new Configuration(null, id, tuning.toString(), tuning, workload, false);
    }

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
