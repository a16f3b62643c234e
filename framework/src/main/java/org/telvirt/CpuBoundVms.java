package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many compute-bound VMs ({@code cpu1}, {@code cpu2}) share the host with the media path: the
 * paper's noisy neighbours, which take the CPU the media needs unless the knobs keep them off it.
 *
 * <pre>{@code
 * @TelephonyExperiment
 * @MediaStreams(800) @CpuBoundVms(2)
 * class NoisyNeighboursIT { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface CpuBoundVms {
    /** 0, 1 or 2 ({@link Workload#MAX_CPU_BOUND_VMS}): the roles name two. */
    int value();
}
