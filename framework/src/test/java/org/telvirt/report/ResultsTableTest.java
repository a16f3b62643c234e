package org.telvirt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultsTableTest {
    private static ResultsTable table() {
        ResultsTable table = new ResultsTable();
        table.add("Figure 7", SyntheticDelays.row("D", 800, 0.3, 1, 350, 1.2)
                        .withQuality(new CallQuality(4.0812, 1.25, 7, 12.5, 2)),
                SloVerdict.missed("loss 0.30 % > 0 % SLO"));
        table.add("Figure 7", SyntheticDelays.row("2.1", 800, 0.0, 2, 300, 0.2), SloVerdict.met());
        table.add("gate", DelayRow.noData("recommended", 150, "host unreachable"),
                SloVerdict.notChecked("nothing measured"));
        return table;
    }

    @Test
    void printsOneAlignedLinePerConfigurationWithTheVerdict() {
        ResultsTable table = table();
        DelayPercentiles d = table.entries().get(0).row().delay();
        List<String> lines = table.text().lines().toList();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("figure    configuration  streams  loss     p50  ");
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("figure", "configuration", "streams", "loss", "p50",
                "p99", "MOS", "worst stream", "burst", "setup p99", "failed calls", "SLO");
        assertThat(lines.get(2).split("\\s{2,}")).containsExactly("Figure 7", "D", "800", "0.30 %",
                ReportFormat.millis(d.p50Micros()), ReportFormat.millis(d.p99Micros()), "4.08", "1.25 %", "7", "12.5 ms",
                "2", "MISSED: loss 0.30 % > 0 % SLO");
        assertThat(lines.get(3)).endsWith("met");
        assertThat(lines.get(4).split("\\s{2,}")).containsExactly("gate", "recommended", "150", "no data", "-", "-",
                "-", "-", "-", "-", "-", "not checked: nothing measured");
        assertThat(lines.get(2).indexOf("800")).isEqualTo(lines.get(0).indexOf("streams"));
    }

    @Test
    void writesTheSameAsMarkdown() {
        List<String> lines = table().markdown().lines().toList();

        assertThat(lines.get(0)).isEqualTo("| figure | configuration | streams | loss | p50 | p99 | MOS | worst stream"
                + " | burst | setup p99 | failed calls | SLO |");
        assertThat(lines.get(4)).isEqualTo("| gate | recommended | 150 | no data | - | - | - | - | - | - | - |"
                + " not checked: nothing measured |");
    }

    @Test
    void writesEveryMeasuredConfigurationAsOpenMetrics() {
        ResultsTable table = table();
        DelayPercentiles d = table.entries().get(0).row().delay();
        List<String> lines = table.metrics().lines().toList();

        assertThat(lines).contains("telvirt_loss_percent{figure=\"Figure 7\",configuration=\"D\"} 0.3",
                "telvirt_p99_delay_milliseconds{figure=\"Figure 7\",configuration=\"D\"} " + d.p99Micros() / 1000.0,
                "telvirt_slo_met{figure=\"Figure 7\",configuration=\"D\"} 0",
                "telvirt_slo_met{figure=\"Figure 7\",configuration=\"2.1\"} 1");
        assertThat(lines).as("a run that measured nothing has no samples").noneMatch(line -> line.contains("recommended"));
        assertThat(lines).hasSize(8);
    }
}
