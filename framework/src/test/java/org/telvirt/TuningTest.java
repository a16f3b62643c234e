package org.telvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TuningTest {

    @Test
    void defaultsDescribeNothing() {
        assertThat(Tuning.DEFAULTS.isDefault()).isTrue();
        assertThat(Tuning.DEFAULTS.weight(Role.MEDIA)).isEqualTo(256);
        assertThat(Tuning.DEFAULTS.toString()).isEqualTo("defaults");
    }

    @Test
    void cpuBoundStandsForEveryCpuBoundVm() {
        Tuning tuning = Tuning.builder().cap(Role.CPU_BOUND, 30).pin(Role.CPU_BOUND, "2-3").build();
        assertThat(tuning.caps()).containsOnlyKeys(Role.CPU1, Role.CPU2);
        assertThat(tuning.pin(Role.CPU2)).contains(CpuSet.range(2, 3));
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsSource() {
        assertThatThrownBy(() -> Tuning.builder().weight(Role.DOM0, 0, "@Weights(dom0 = 0)")
                .cap(Role.MEDIA, -5, "@Cap(media, -5)").pin("nobody", "0", "@Pin(nobody)")
                .pin(Role.MEDIA, "1-0", "@Pin(media, 1-0)").coalesce(40, 0, "@Coalesce(40, 0)").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .satisfies(error -> assertThat(((InvalidConfigurationException) error).problems()).hasSize(5))
                .hasMessageContaining("@Weights(dom0 = 0): weight 0 of dom0 is outside 1..65535")
                .hasMessageContaining("@Cap(media, -5)")
                .hasMessageContaining("unknown domain 'nobody'")
                .hasMessageContaining("descending range")
                .hasMessageContaining("@Coalesce(40, 0)");
    }

    @Test
    void cpuListsParseAndPrintTheLinuxWay() {
        assertThat(CpuSet.parse("0-2,5").toString()).isEqualTo("0-2,5");
        assertThat(CpuSet.parse("3,1").toCommaList()).isEqualTo("1,3");
        assertThat(CpuSet.parse("0-3").highest()).isEqualTo(3);
        assertThatThrownBy(() -> CpuSet.parse("0;reboot")).hasMessageContaining("'0;reboot' is not a CPU list");
        assertThatThrownBy(() -> CpuSet.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalKnobsMakeEqualTunings() {
        Tuning built = Tuning.builder().weight(Role.DOM0, 8192).weight(Role.MEDIA, 256).build();
        assertThat(built).isEqualTo(Tuning.builder().weight(Role.DOM0, 8192).build());
        assertThat(built.describe()).containsExactly(java.util.Map.entry("weight.dom0", "8192"));
    }
}
