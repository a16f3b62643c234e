package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.qameta.allure.junit5.AllureJunit5;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telvirt.spi.EngineExtension;

/**
 * The paper's Figure 5 method as a test: start fully provisioned, then cut cores and raise streams
 * until the {@link Slo} breaks. For each core count from {@code maxCores} down to {@code minCores}
 * the extension searches the most streams that meet the SLO (doubling, then bisecting to
 * {@code resolutionPercent}), and injects a {@link CapacityResult}: per core count the most
 * streams, and the least cores that carry the {@link MediaStreams} count. The workload and the
 * knobs come from the usual annotations; {@link Cores} is the search's to choose.
 *
 * <p>Stream counts are the paper's, scaled by the host profile like {@link MediaStreams}. The first
 * core count starts at {@code startStreams}; after each cut the search starts at the most streams
 * the core count before carried, which the paper's method takes as the next guess. A core count the
 * host cannot provide is reported as skipped with the host's reason. A capacity that rises as cores
 * fall by more than the search resolves fails the test: the host's noise decided the answer.
 *
 * <pre>{@code
 * @MediaStreams(720) @SignalingLoad(callsPerSecond = 60)
 * class TurnkeyCapacityIT {
 *     @CapacitySearch(minCores = 2, startStreams = 360, maxStreams = 1440, resolutionPercent = 50)
 *     @Slo(maxLossPercent = 0.1, p99DelayMillis = 40)
 *     void capacity(CapacityResult capacity) {
 *         assertThat(capacity.leastCores()).hasValue(2);
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@Tag("experiment")
@ExtendWith({EngineExtension.class, AllureJunit5.class})
public @interface CapacitySearch {
    /** {@link #maxCores} of every core the host profile has: the fully provisioned host. */
    int HOST_CORES = 0;

    /** The fewest cores to search; the search stops there, or earlier where the host cannot cut further. */
    int minCores() default 1;

    /** The most cores, where the search starts; {@link #HOST_CORES} for the whole host. */
    int maxCores() default HOST_CORES;

    /** The first guess at the most cores, in the paper's streams: a good guess saves runs, a bad one costs a few. */
    int startStreams() default 100;

    /** The most streams tried at any core count: a host that carries this many is not searched further. */
    int maxStreams() default 1600;

    /** Stop bisecting when the last pass and the first failure are this close, in percent of the pass. */
    double resolutionPercent() default 10;

    /**
     * Run each step until {@code retries + 1} of its runs agree (at most {@code 2 x retries + 1} runs): a step meets the
     * SLO only when most of its runs do, so one noisy run decides it neither way.
     */
    int retries() default 1;
}
