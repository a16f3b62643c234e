package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The media service level a run must meet; checked after the workload ran and the host was
 * restored. Limits are inclusive (a loss of exactly {@code maxLossPercent} passes); a negative
 * value leaves that limit unset.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Slo {
    double UNSET = -1;

    double maxLossPercent() default 0.0;

    double p99DelayMillis() default UNSET;

    double p50DelayMillis() default UNSET;

    double maxJitterMillis() default UNSET;
}
