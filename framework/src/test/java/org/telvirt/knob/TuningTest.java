package org.telvirt.knob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningTest {

    @Test
    void defaultsAreXensDefaults() {
        assertThat(Tuning.DEFAULTS.isDefault()).isTrue();
        assertThat(Tuning.DEFAULTS.weight("media")).isEqualTo(256);
        assertThat(Tuning.DEFAULTS.toString()).isEqualTo("defaults");
    }

    @Test
    void eachKnobChecksItsOwnValues() {
        assertThatThrownBy(() -> new Knob.Weight("dom0", 0)).hasMessage("weight 0 of dom0 is outside 1..65535");
        assertThatThrownBy(() -> new Knob.Weight("dom0", 65536)).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> Knob.Cap.ofPercent("media", 0)).hasMessageContaining("0 means none");
        assertThatThrownBy(() -> new Knob.Coalesce(40, -1)).hasMessageContaining("frames >= 0");
        assertThatThrownBy(() -> new Knob.Cores(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Tuning.builder().pin("media", "1-0")).hasMessageContaining("descending range");
    }

    @Test
    void topologyProblemsAreFoundOnceForEveryDriver() {
        Tuning tuning = Tuning.builder().cores(2).pin("media", "0-2").cap("dom0", 250).build();
        assertThat(tuning.problemsOn(4)).containsExactlyInAnyOrder(
                "cap 250 % of dom0 is above 2 cores x 100 %",
                "pin of media to cores 0-2: core 2 is not among the experiment's cores 0-1");
        assertThat(Tuning.builder().cores(8).build().problemsOn(4)).containsExactly("cores 8: the host has 4 cores");
        assertThat(Tuning.builder().pin("media", "0-3").cap("dom0", 400).build().problemsOn(4)).isEmpty();
    }

    @Test
    void aProblemNamesWhereItsKnobCameFrom() {
        Tuning tuning = Tuning.builder().source("@Pin(domain = \"media\", cpus = \"7\") on test()").pin("media", "7")
                .source(null).cores(2).build();
        assertThat(tuning.problemsOn(4)).containsExactly("@Pin(domain = \"media\", cpus = \"7\") on test(): pin of media"
                + " to cores 7: core 7 is not among the experiment's cores 0-1");
    }

    @Test
    void fairShareIsTheWeightsShareOfTheCoresRoundedAndBounded() {
        List<String> gate = List.of("dom0", "media", "signaling", "cpu1", "cpu2");
        Tuning tuning = Tuning.builder().weight("dom0", 8192).weight("media", 8192).fairShareCap("cpu1").build();
        // 4 cores x 256 / (8192 + 8192 + 256 x 3) = 5.98 %: rounded to 6, not truncated to 5
        assertThat(tuning.capPercent("cpu1", gate, 4, 1)).isEqualTo(6);
        assertThat(tuning.capPercent("media", gate, 4, 1)).isZero();
        Tuning alone = Tuning.builder().fairShareCap("media").build();
        assertThat(alone.capPercent("media", List.of("media"), 4, 1)).as("no more than its one vCPU").isEqualTo(100);
        Tuning tiny = Tuning.builder().weight("dom0", 65535).fairShareCap("cpu1").build();
        assertThat(tiny.capPercent("cpu1", List.of("dom0", "cpu1"), 1, 1)).as("never 0, which means no cap").isEqualTo(1);
        assertThat(Tuning.builder().cap("cpu1", 30).build().capPercent("cpu1", gate, 4, 1)).isEqualTo(30);
    }

    @Test
    void aDriverIsHandedEveryKnobThroughItsVisitor() {
        Tuning tuning = Tuning.builder().weight("dom0", 512).cap("cpu1", 10).pin("media", "0").coalesce(40, 3)
                .vmmBypass(true).cores(2).build();
        List<String> visited = new ArrayList<>();
        tuning.accept(new Knob.Visitor() {
            @Override
            public void weight(Knob.Weight weight) {
                visited.add(weight.key());
            }

            @Override
            public void cap(Knob.Cap cap) {
                visited.add(cap.key());
            }

            @Override
            public void pin(Knob.Pin pin) {
                visited.add(pin.key());
            }

            @Override
            public void coalesce(Knob.Coalesce coalesce) {
                visited.add(coalesce.key());
            }

            @Override
            public void vmmBypass(Knob.VmmBypass bypass) {
                visited.add(bypass.key());
            }

            @Override
            public void cores(Knob.Cores cores) {
                visited.add(cores.key());
            }
        });
        assertThat(visited).containsExactlyElementsOf(tuning.describe().keySet())
                .containsExactlyInAnyOrder("weight.dom0", "cap.cpu1", "pin.media", "coalesce", "vmmBypass", "cores");
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
        Tuning built = Tuning.builder().weight("dom0", 8192).weight("media", 256).build();
        assertThat(built).isEqualTo(Tuning.builder().weight("dom0", 8192).build());
        assertThat(built.describe()).containsExactly(Map.entry("weight.dom0", "8192"));
        assertThat(Tuning.builder().from(built).cap("media", 30).cap("media", 0).build()).isEqualTo(built);
    }

    @Test
    void ethtoolsReceiveSettingsAreACoalescingKnob() {
        assertThat(Knob.Coalesce.parseEthtool("Adaptive RX: off  TX: off\nrx-usecs: 3\nrx-frames: 0\n"))
                .isEqualTo(new Knob.Coalesce(3, 0));
        assertThatThrownBy(() -> Knob.Coalesce.parseEthtool("rx-usecs: n/a\n")).hasMessageContaining("no rx-usecs");
    }
}
