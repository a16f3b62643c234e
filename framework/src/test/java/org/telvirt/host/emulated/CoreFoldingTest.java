package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CoreFoldingTest {
    private static final TreeSet<Integer> TWO_CPUS = new TreeSet<>(List.of(0, 1));

    @Test
    void fourCoresFoldOntoTwoCpusInL2Pairs() {
        CoreFolding folding = CoreFolding.of(4, TWO_CPUS);

        assertThat(folding.logicalToPhysical()).containsExactly(0, 0, 1, 1);
        assertThat(folding.describe()).isEqualTo("4 logical cores on CPUs 0,1: 0,1 -> 0; 2,3 -> 1");
    }

    @Test
    void twoOfTheHostsFourCoresAreHalfItsCpusNotAllOfThem() {
        CoreFolding folding = CoreFolding.of(2, 4, TWO_CPUS);

        assertThat(folding.logicalToPhysical()).containsExactly(0, 0);
        assertThat(folding.physicalInUse()).containsExactly(0);
        assertThat(folding.folds()).isTrue();
    }

    @Test
    void withMoreCpusThanCoresEachCoreHasItsOwnCpu() {
        CoreFolding folding = CoreFolding.of(2, 4, new TreeSet<>(List.of(0, 1, 2, 3, 4, 5)));

        assertThat(folding.logicalToPhysical()).containsExactly(0, 1);
        assertThat(folding.folds()).isFalse();
    }
}
