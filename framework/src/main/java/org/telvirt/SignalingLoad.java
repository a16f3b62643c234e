package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Call setup and teardown traffic to the Signaling VM, about ten messages per call: the load that
 * competes with media for Dom0, and the call setup times and failed calls {@link Slo} can limit.
 *
 * <pre>{@code
 * @TelephonyExperiment
 * @MediaStreams(800) @SignalingLoad(callsPerSecond = 67)
 * class MixedLoadIT { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SignalingLoad {
    /** New calls a second, scaled by the host profile like the streams; 67 is the paper's mixed workload. */
    double callsPerSecond();

    /** How long each call stays up; calls still up when the run ends are hung up then. */
    int holdSeconds() default 60;
}
