package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figure 9 can show a cache's effect only where the two L2 groups fold onto CPUs with different L2 caches. */
class L2CachesTest {
    private static final List<List<Integer>> PAPER_PAIRS = List.of(List.of(0, 1), List.of(2, 3));

    @TempDir
    Path cpus;

    private void sharedL2(int cpu, String sharedCpuList) throws IOException {
        Path file = cpus.resolve("cpu" + cpu).resolve("cache/index2/shared_cpu_list");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sharedCpuList + "\n");
    }

    private static CoreFolding onCpus(Integer... physical) {
        return CoreFolding.of(4, new TreeSet<>(List.of(physical)));
    }

    @Test
    void twoCpusWithAnL2EachSeparateThePairs() throws IOException {
        sharedL2(0, "0");
        sharedL2(1, "1");

        assertThat(L2Caches.sharedReason(PAPER_PAIRS, onCpus(0, 1), cpus)).isEmpty();
    }

    @Test
    void twoCpusSharingOneL2DoNot() throws IOException {
        sharedL2(0, "0-1");

        assertThat(L2Caches.sharedReason(PAPER_PAIRS, onCpus(0, 1), cpus)).get().asString()
                .startsWith("CPU 0 shares its L2 cache with CPUs [0, 1], where L2 group [2, 3] runs");
    }

    @Test
    void oneCpuCannotSeparateAnything() {
        assertThat(L2Caches.sharedReason(PAPER_PAIRS, onCpus(0), cpus)).get().asString()
                .startsWith("L2 groups [0, 1] and [2, 3] fold onto the same CPU");
    }

    @Test
    void aMachineThatDoesNotSayIsNotTakenToSeparateThem() {
        assertThat(L2Caches.sharedReason(PAPER_PAIRS, onCpus(0, 1), cpus)).get().asString()
                .startsWith("cannot tell which CPUs share CPU 0's L2 cache");
        assertThat(L2Caches.sharedReason(List.of(List.of(0, 1)), onCpus(0, 1), cpus)).get().asString()
                .isEqualTo("the profile has 1 L2 group, not two");
    }
}
