package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DelayTableTest {
    private static final Histogram DELAYS = fixedDelays();
    private static final List<DelayRow> ROWS = List.of(
            DelayRow.measured("N", 800, 800_000, 0.0, DELAYS),
            DelayRow.measured("2.2", 800, 800_000, 0.000125, DELAYS),
            DelayRow.noData("2.3", 800, "media domain did not start, exit 1"),
            DelayRow.measured("2.4", 800, 800_000, 100.0, new Histogram(3)));

    /** 1..1000 microseconds, each once: the percentiles are known. */
    private static Histogram fixedDelays() {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int micros = 1; micros <= 1000; micros++) {
            histogram.recordValue(micros);
        }
        return histogram;
    }

    @Test
    void csvHasAHeaderAndOneLinePerRowWithDelaysInMicros() {
        List<String> lines = DelayTable.csv(ROWS).lines().toList();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("configuration,streams,packetsSent,lossPercent,"
                + "p1DelayMicros,p25DelayMicros,p50DelayMicros,p75DelayMicros,"
                + "p90DelayMicros,p99DelayMicros,p999DelayMicros,maxDelayMicros,note");
        assertThat(lines.get(1)).isEqualTo("N,800,800000,0,10,250,500,750,900,990,999,1000,");
        assertThat(lines.get(2)).startsWith("2.2,800,800000,0.000125,10,");
    }

    @Test
    void csvKeepsRowsWithoutDataWithEmptyCellsAndTheReasonQuoted() {
        List<String> lines = DelayTable.csv(ROWS).lines().toList();

        assertThat(lines.get(3)).isEqualTo("2.3,800,0,,,,,,,,,,\"no data: media domain did not start, exit 1\"");
        assertThat(lines.get(4)).isEqualTo("2.4,800,800000,100,,,,,,,,,nothing came back");
    }

    @Test
    void markdownShowsTheSameRowsInMilliseconds() {
        List<String> lines = DelayTable.markdown(ROWS).lines().toList();

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo(
                "| configuration | streams | packets sent | loss | p50 | p90 | p99 | p99.9 | max | note |");
        assertThat(lines.get(1)).isEqualTo("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        assertThat(lines.get(2)).isEqualTo(
                "| N | 800 | 800000 | 0 % | 0.50 ms | 0.90 ms | 0.99 ms | 1.00 ms | 1.00 ms |  |");
        assertThat(lines.get(3)).contains("| <0.01 % |");
        assertThat(lines.get(4)).isEqualTo(
                "| 2.3 | 800 | 0 | no data | - | - | - | - | - | no data: media domain did not start, exit 1 |");
        assertThat(lines.get(5)).contains("| 100.00 % | - |", "nothing came back");
    }
}
