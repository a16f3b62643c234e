/**
 * What a test imports: annotations that describe the load, the tuning and the service level, the measured
 * {@link org.telvirt.MediaRun} injected into the test, and AssertJ assertions on it.
 *
 * <h2>Quick start: write your own SLO test</h2>
 *
 * <pre>{@code
 * import org.junit.jupiter.api.Test;
 * import org.telvirt.*;
 *
 * @TelephonyExperiment
 * @MediaStreams(800) @SignalingLoad(callsPerSecond = 67) @CpuBoundVms(2)
 * class MediaVmGateIT {
 *     @Test
 *     @Weights(dom0 = 8192, media = 8192)
 *     @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
 *     @Slo(maxLossPercent = 0.0, p99DelayMillis = 5)
 *     void tunedMediaVmMeetsSlo(MediaRun run) {
 *         TelvirtAssertions.assertThat(run).hasNoLoss();
 *     }
 * }
 * }</pre>
 *
 * <p>The extension validates the annotations, provisions the domains, applies the knobs (journaled), starts the
 * servers and the load, discards the warm-up, measures, stops everything, restores the host whatever failed, writes
 * the results, then checks {@link org.telvirt.Slo}: a miss fails the test with {@code SLO violated:} and every number
 * it broke. A figure of the paper is one parameterized test with {@link org.telvirt.FigureSource}; tests that
 * compare configurations get a {@link org.telvirt.Lab} from {@link org.telvirt.TelephonyLab}; the paper's
 * "cut resources until the SLO breaks" is {@link org.telvirt.CapacitySearch}.
 */
package org.telvirt;
