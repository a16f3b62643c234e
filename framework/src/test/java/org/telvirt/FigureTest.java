package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telvirt.knob.CpuSet;
import org.telvirt.knob.Knob;
import org.telvirt.knob.Tuning;

/** The figure sources yield exactly the paper's columns (../shared/FIGURES.md). */
class FigureTest {

    private static List<String> ids(Figure figure) {
        return figure.configurations().stream().map(Configuration::id).toList();
    }

    @Test
    void everyFigureHasThePapersColumnsInOrder() {
        assertThat(ids(Figure.WEIGHTS)).containsExactly("N", "D", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3",
                "3.4", "4.1", "4.2", "4.3", "4.4");
        assertThat(ids(Figure.CAPS)).containsExactly("N", "D", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2",
                "5.1", "5.2");
        assertThat(ids(Figure.PINNING)).containsExactly("N", "D", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4",
                "4.1");
        assertThat(ids(Figure.CACHE_AFFINITY)).containsExactly("N", "D", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3");
        assertThat(ids(Figure.COALESCING)).containsExactly("N", "D", "1", "2");
        assertThat(ids(Figure.TURNKEY_FOUR_CORES)).containsExactly("N", "120", "240", "360", "480", "600", "720");
        assertThat(ids(Figure.TURNKEY_TWO_CORES)).containsExactly("N", "D", "1.1", "2.1", "2.2", "2.3");
        assertThat(ids(Figure.VMM_BYPASS)).containsExactly("N", "D", "1.1", "2.1", "2.2", "2.3");
    }

    @Test
    void columnNRunsNativelyAndDKeepsEveryDefault() {
        for (Figure figure : Figure.values()) {
            Configuration nativeColumn = figure.configuration("N");
            assertThat(nativeColumn.runsNatively()).as(figure.title()).isTrue();
            assertThat(nativeColumn.tuning().isDefault()).isTrue();
        }
        assertThat(Figure.CAPS.configuration("D").tuning().isDefault()).isTrue();
        assertThat(Figure.TURNKEY_TWO_CORES.configuration("D").tuning().describe()).containsOnlyKeys("cores");
    }

    @Test
    void weightsFollowTheRatiosOfFigure6() {
        Tuning equal = Figure.WEIGHTS.configuration("2.4").tuning();
        assertThat(equal.weight(Role.DOM0)).isEqualTo(65535);
        assertThat(equal.weight(Role.MEDIA)).isEqualTo(65535);
        assertThat(Figure.WEIGHTS.configuration("3.3").tuning().weight(Role.MEDIA)).isEqualTo(4096);
        Tuning starved = Figure.WEIGHTS.configuration("4.1").tuning();
        assertThat(starved.weight(Role.DOM0)).isEqualTo(1024);
        assertThat(starved.weight(Role.MEDIA)).isEqualTo(256);
        assertThat(starved.weight(Role.CPU1)).isEqualTo(256);
    }

    @Test
    void capsOfFigure7AreThePapersOnePercent() {
        Tuning bothCpuVms = Figure.CAPS.configuration("2.1").tuning();
        assertThat(bothCpuVms.caps()).containsOnlyKeys(Role.CPU1, Role.CPU2);
        assertThat(bothCpuVms.cap(Role.CPU1)).contains(Knob.Cap.ofPercent(Role.CPU1, 1));
        assertThat(Figure.CAPS.configuration("2.1").description()).contains("1 %");
        assertThat(Figure.CAPS.configuration("2.2").tuning().caps()).containsOnlyKeys(Role.DOM0);
        Tuning heavy = Figure.CAPS.configuration("5.2").tuning();
        assertThat(heavy.weight(Role.DOM0)).isEqualTo(65535);
        assertThat(heavy.weight(Role.MEDIA)).isEqualTo(32768);
        assertThat(heavy.caps()).containsOnlyKeys(Role.CPU1);
    }

    @Test
    void pinningAndAffinityColumnsPinTheNamedDomains() {
        assertThat(Figure.PINNING.configuration("2.1").tuning().pin(Role.DOM0)).contains(CpuSet.of(0));
        Tuning split = Figure.PINNING.configuration("4.1").tuning();
        assertThat(split.pin(Role.MEDIA)).contains(CpuSet.range(0, 1));
        assertThat(split.pin(Role.DOM0)).contains(CpuSet.range(2, 3));
        assertThat(split.pin(Role.CPU2)).contains(CpuSet.range(2, 3));
        assertThat(Figure.CACHE_AFFINITY.configuration("1.2").tuning().pin(Role.DOM0)).isEmpty();
        assertThat(Figure.CACHE_AFFINITY.configuration("2.1").workload().cpuBoundVms()).isZero();
        assertThat(Figure.CACHE_AFFINITY.configuration("1.1").workload().cpuBoundVms()).isEqualTo(2);
    }

    @Test
    void turnkeyFiguresDeriveStreamsFromCallsAndRestrictCores() {
        Configuration heaviest = Figure.TURNKEY_FOUR_CORES.configuration("720");
        assertThat(heaviest.workload().streams()).isEqualTo(720);
        assertThat(heaviest.workload().callsPerSecond()).isEqualTo(60);
        assertThat(heaviest.workload().cpuBoundVms()).isZero();
        assertThat(heaviest.tuning().cores()).hasValue(4);
        assertThat(Figure.TURNKEY_FOUR_CORES.configuration("120").workload().streams()).isEqualTo(120);
        assertThat(Figure.VMM_BYPASS.configuration("2.3").tuning().vmmBypass()).isTrue();
        assertThat(Figure.VMM_BYPASS.configuration("2.3").tuning().weight(Role.DOM0)).isEqualTo(8192);
        assertThat(Figure.VMM_BYPASS.configuration("D").tuning().vmmBypass()).isFalse();
        assertThat(Figure.COALESCING.configuration("2").tuning().coalescing()).contains(new Knob.Coalesce(80, 6));
    }

    @Test
    void anUnknownColumnNamesTheColumnsThereAre() {
        assertThatThrownBy(() -> Figure.CAPS.configuration("9.9"))
                .hasMessageContaining("Figure 7").hasMessageContaining("9.9").hasMessageContaining("2.1");
    }
}
