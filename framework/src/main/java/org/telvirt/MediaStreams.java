package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The media load: {@code value} RTP streams of 50 packets a second each, measured for
 * {@code seconds} after {@code warmupSeconds} that count for nothing. The stream count is the
 * paper's; a host profile may scale it to what the machine carries, and every result says so.
 *
 * <pre>{@code
 * @TelephonyExperiment
 * @MediaStreams(value = 800, seconds = 20, warmupSeconds = 3)
 * class MediaVmGateIT { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface MediaStreams {
    /** RTP streams, the paper's count: 800 is its mixed workload. */
    int value() default 800;

    /** Measured seconds; longer runs are steadier. {@code -Dtelvirt.seconds} overrides it build-wide. */
    int seconds() default 20;

    /** Seconds sent but not counted, so that start-up (JIT, flows) is not measured as loss. */
    int warmupSeconds() default 3;

    /** CPU work per packet in the media server, standing for transcoding and tone detection. */
    int workMicros() default 10;
}
