package org.telvirt.report;

import java.util.List;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * A run sent from several generators: one row per generator as its own client measured it, and
 * the merged run last, so a reader sees whether one generator (or its path) made the difference.
 */
public final class GeneratorTable {
    /** The table's file beside the run's {@code summary.json}, also attached to the Allure result. */
    public static final String FILE = "generators.md";
    public static final String MERGED = "all (merged)";

    private final TextTable table = new TextTable(List.of("generator", "where", "streams", "sent", "received", "lost",
            "loss", "p50", "p99"));

    public GeneratorTable add(String generator, String where, RunSummary summary) {
        table.addRow(List.of(generator, where, Integer.toString(summary.streams()), Long.toString(summary.packetsSent()),
                Long.toString(summary.packetsReceived()), Long.toString(summary.packetsLost()),
                ReportFormat.loss(summary.lossPercent()), ReportFormat.millis(summary.delayMicros().p50()),
                ReportFormat.millis(summary.delayMicros().p99())));
        return this;
    }

    public String markdown() {
        return table.markdown();
    }

    public String aligned() {
        return table.aligned();
    }
}
