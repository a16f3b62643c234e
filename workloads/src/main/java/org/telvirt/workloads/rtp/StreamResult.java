package org.telvirt.workloads.rtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One stream of an {@code rtp-client} run, a row of its per-stream CSV ({@code --per-stream-csv}). The run's
 * summary averages the streams away; a call is one stream, so the worst stream and the longest run of consecutive
 * losses are what a caller hears. Column names are a contract with the framework, which reads the file back.
 *
 * @param ssrc the stream's RTP SSRC, unsigned
 * @param lossBursts runs of consecutive lost packets
 * @param longestLossBurst the longest such run, in packets
 */
public record StreamResult(int stream, long ssrc, long sent, long received, long lost, long duplicates, long reordered,
                           double jitterMeanMicros, double jitterMaxMicros, long lossBursts, long longestLossBurst) {
    public static final String CSV_HEADER = "stream,ssrc,sent,received,lost,duplicates,reordered,jitterMeanMicros,"
            + "jitterMaxMicros,lossBursts,longestLossBurst";

    /** Lost packets in percent of those sent; 0 for a stream that sent none. */
    public double lossPercent() {
        return RunSummary.lossPercent(lost, sent);
    }

    /** The same stream numbered {@code number}: generators number their slices from 0, a merged run from end to end. */
    public StreamResult renumbered(int number) {
        return new StreamResult(number, ssrc, sent, received, lost, duplicates, reordered, jitterMeanMicros,
                jitterMaxMicros, lossBursts, longestLossBurst);
    }

    /** Writes the rows under {@link #CSV_HEADER}. */
    public static void writeCsv(Path file, List<StreamResult> streams) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(absolute))) {
            out.println(CSV_HEADER);
            for (StreamResult s : streams) {
                out.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f,%d,%d%n", s.stream, s.ssrc, s.sent, s.received,
                        s.lost, s.duplicates, s.reordered, s.jitterMeanMicros, s.jitterMaxMicros, s.lossBursts,
                        s.longestLossBurst);
            }
        }
    }

    /** Reads a file {@link #writeCsv} wrote; another header, or a row that does not fit it, is an error. */
    public static List<StreamResult> readCsv(Path file) throws IOException {
        List<StreamResult> streams = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (!CSV_HEADER.equals(header)) {
                throw new IOException(file + " is not a per-stream CSV: its header is '" + header + "', expected '"
                        + CSV_HEADER + "'");
            }
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                streams.add(parse(line, file, lineNumber));
            }
        }
        return streams;
    }

    private static StreamResult parse(String line, Path file, int lineNumber) throws IOException {
        String[] cells = line.split(",", -1);
        try {
            if (cells.length != 11) {
                throw new NumberFormatException(cells.length + " cells, expected 11");
            }
            return new StreamResult(Integer.parseInt(cells[0]), Long.parseLong(cells[1]), Long.parseLong(cells[2]),
                    Long.parseLong(cells[3]), Long.parseLong(cells[4]), Long.parseLong(cells[5]),
                    Long.parseLong(cells[6]), Double.parseDouble(cells[7]), Double.parseDouble(cells[8]),
                    Long.parseLong(cells[9]), Long.parseLong(cells[10]));
        } catch (NumberFormatException malformed) {
            throw new IOException(file + " line " + lineNumber + " '" + line + "': " + malformed.getMessage(), malformed);
        }
    }
}
