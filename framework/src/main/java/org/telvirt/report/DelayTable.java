package org.telvirt.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A figure's rows as CSV (for tools: delays in microseconds, loss unrounded) and as a Markdown
 * table (for people: delays in milliseconds). Rows without data stay, with empty delay cells and
 * the reason in the note column.
 */
public final class DelayTable {
    public static final List<String> CSV_HEADER = List.of(
            "configuration", "streams", "packetsSent", "lossPercent",
            "p1DelayMicros", "p25DelayMicros", "p50DelayMicros", "p75DelayMicros",
            "p90DelayMicros", "p99DelayMicros", "p999DelayMicros", "maxDelayMicros", "note");

    private static final List<ToLongFunction<DelayPercentiles>> CSV_PERCENTILES = List.of(
            DelayPercentiles::p1Micros, DelayPercentiles::p25Micros, DelayPercentiles::p50Micros,
            DelayPercentiles::p75Micros, DelayPercentiles::p90Micros, DelayPercentiles::p99Micros,
            DelayPercentiles::p999Micros, DelayPercentiles::maxMicros);

    private static final List<ToLongFunction<DelayPercentiles>> MARKDOWN_PERCENTILES = List.of(
            DelayPercentiles::p50Micros, DelayPercentiles::p90Micros, DelayPercentiles::p99Micros,
            DelayPercentiles::p999Micros, DelayPercentiles::maxMicros);

    private DelayTable() {
    }

    /** CSV (RFC 4180 quoting, LF line ends) with a header line, one line per row in the given order. */
    public static String csv(List<DelayRow> rows) {
        TextTable table = new TextTable(CSV_HEADER);
        for (DelayRow row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(row.configurationId());
            cells.add(Integer.toString(row.streams()));
            cells.add(Long.toString(row.packetsSent()));
            cells.add(row.measuredRun() ? plain(row.lossPercent()) : "");
            for (ToLongFunction<DelayPercentiles> percentile : CSV_PERCENTILES) {
                cells.add(row.delayPercentiles().map(d -> Long.toString(percentile.applyAsLong(d))).orElse(""));
            }
            cells.add(note(row));
            table.addRow(cells);
        }
        return table.csv();
    }

    /** A Markdown table: configuration, streams, packets sent, loss, p50/p90/p99/p99.9/max in ms, note. */
    public static String markdown(List<DelayRow> rows) {
        TextTable table = new TextTable(List.of("configuration", "streams", "packets sent", "loss",
                "p50", "p90", "p99", "p99.9", "max", "note"));
        for (DelayRow row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(row.configurationId());
            cells.add(Integer.toString(row.streams()));
            cells.add(Long.toString(row.packetsSent()));
            cells.add(ReportFormat.loss(row));
            for (ToLongFunction<DelayPercentiles> percentile : MARKDOWN_PERCENTILES) {
                cells.add(row.delayPercentiles().map(d -> ReportFormat.millis(percentile.applyAsLong(d))).orElse("-"));
            }
            cells.add(note(row));
            table.addRow(cells);
        }
        return table.markdown();
    }

    private static String note(DelayRow row) {
        if (!row.measuredRun()) {
            return ReportFormat.NO_DATA + ": " + row.noDataReason();
        }
        return row.delay() == null ? DelayBoxplot.ALL_LOST_NOTE : "";
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
