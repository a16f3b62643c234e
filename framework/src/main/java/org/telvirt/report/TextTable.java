package org.telvirt.report;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells shown three ways: aligned plain text for a console, a Markdown table, and CSV for tools. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public void addRow(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of "
                    + header.size() + " columns " + header);
        }
        rows.add(List.copyOf(cells));
    }

    public String aligned() {
        int[] widths = new int[header.size()];
        for (List<String> line : allLines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendAligned(text, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendAligned(text, rule, widths);
        for (List<String> row : rows) {
            appendAligned(text, row, widths);
        }
        return text.toString();
    }

    public String markdown() {
        StringBuilder text = new StringBuilder();
        appendMarkdown(text, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add("---");
        }
        appendMarkdown(text, rule);
        for (List<String> row : rows) {
            appendMarkdown(text, row);
        }
        return text.toString();
    }

    /** CSV (RFC 4180 quoting, LF line ends) with the header as its first line. */
    public String csv() {
        StringBuilder text = new StringBuilder();
        for (List<String> line : allLines()) {
            appendCsvLine(text, line);
        }
        return text.toString();
    }

    private List<List<String>> allLines() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        return lines;
    }

    private static void appendAligned(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static void appendMarkdown(StringBuilder text, List<String> cells) {
        text.append('|');
        for (String cell : cells) {
            text.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        text.append('\n');
    }

    private static void appendCsvLine(StringBuilder text, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(csvField(cells.get(i)));
        }
        text.append('\n');
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
