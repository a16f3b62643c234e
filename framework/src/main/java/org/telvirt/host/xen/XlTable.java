package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;

/** The whitespace-aligned tables {@code xl} prints: a header line, then one row per line. */
final class XlTable {

    private XlTable() {
    }

    /** The rows under every header line that starts with {@code headerStart}; other lines are skipped. */
    static List<String> rows(String output, String headerStart, String command) {
        List<String> rows = new ArrayList<>();
        boolean sawHeader = false;
        boolean inTable = false;
        for (String line : output.split("\n")) {
            if (line.startsWith(headerStart + " ")) {
                sawHeader = true;
                inTable = true;
            } else if (line.isBlank() || line.startsWith("Cpupool ")) {
                inTable = false;
            } else if (inTable) {
                rows.add(line.strip());
            }
        }
        if (!sawHeader) {
            throw new IllegalArgumentException("not the output of '" + command + "' (no header): " + output.strip());
        }
        return rows;
    }

    static String[] columns(String row, int atLeast, String command) {
        String[] column = row.split("\\s+");
        if (column.length < atLeast) {
            throw new IllegalArgumentException("'" + command + "' row has " + column.length + " columns, expected "
                    + atLeast + ": " + row);
        }
        return column;
    }
}
