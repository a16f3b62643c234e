package org.telvirt.host.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Busy cores from two {@code xl list} samples: CPU seconds over wall seconds, per role, and none where unsure. */
class DomainCpuSampleTest {
    private static final long SECOND = 1_000_000_000L;

    private static XlDomain domain(String name, int id, double cpuSeconds) {
        return new XlDomain(name, id, 96, 2, "-b----", cpuSeconds, "Pool-0");
    }

    @Test
    void coresAreCpuSecondsOverWallSecondsPerRole() {
        DomainCpuSample before = new DomainCpuSample(0, List.of(domain("Domain-0", 0, 100.0), domain("media", 3, 50.0)));
        DomainCpuSample after = new DomainCpuSample(10 * SECOND, List.of(domain("Domain-0", 0, 112.5),
                domain("media", 3, 50.0)));

        Map<String, Double> cores = before.coresUsedUntil(after, Map.of("dom0", "Domain-0", "media", "media"));

        assertThat(cores.get("dom0")).isCloseTo(1.25, within(1e-9));
        assertThat(cores.get("media")).isZero();
    }

    @Test
    void aDomainMissingOrMadeAgainInBetweenHasNoAccount() {
        DomainCpuSample before = new DomainCpuSample(0, List.of(domain("media", 3, 50.0), domain("cpu1", 4, 9.0)));
        DomainCpuSample after = new DomainCpuSample(10 * SECOND, List.of(domain("media", 7, 1.0),
                domain("signaling", 5, 30.0)));

        assertThat(before.coresUsedUntil(after, Map.of("media", "media", "cpu1", "cpu1", "signaling", "signaling")))
                .isEmpty();
    }
}
