package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import io.qameta.allure.junit5.AllureJunit5;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telvirt.spi.EngineExtension;

/**
 * Marks a test class as a telephony experiment: every test in it provisions and tunes the selected
 * host ({@code -Dtelvirt.host}), runs the media workload, restores the host and checks {@link Slo}.
 * Tagged {@code experiment} so builds can include or exclude experiments as a group.
 *
 * <pre>{@code
 * @TelephonyExperiment
 * @MediaStreams(800) @SignalingLoad(callsPerSecond = 67) @CpuBoundVms(2)
 * class MediaVmGateIT {
 *     @Test
 *     @Slo(maxLossPercent = 0.0, p99DelayMillis = 5)
 *     void defaultsMeetSlo(MediaRun run) { }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("experiment")
@ExtendWith({EngineExtension.class, AllureJunit5.class})
public @interface TelephonyExperiment {
}
