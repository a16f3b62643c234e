package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.telvirt.knob.Knob;

/**
 * Credit-scheduler weights (Xen's 1..65535, default 256), per standard domain. A domain left at
 * {@link #DEFAULT} keeps 256.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Weights {
    int DEFAULT = Knob.Weight.DEFAULT;

    int dom0() default DEFAULT;

    int media() default DEFAULT;

    int signaling() default DEFAULT;

    /** Applies to every CPU-bound VM. */
    int cpuBound() default DEFAULT;
}
