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
 * {@link #DEFAULT} keeps 256. A weight only matters against the others: the paper's finding is that
 * Dom0 and the Media VM need more than the CPU-bound VMs.
 *
 * <pre>{@code
 * @Test
 * @Weights(dom0 = 8192, media = 8192)
 * void weightedMediaVmMeetsSlo(MediaRun run) { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Weights {
    /** Xen's default weight, 256: a domain left at it is not touched. */
    int DEFAULT = Knob.Weight.DEFAULT;

    /** Dom0's weight, 1..65535. */
    int dom0() default DEFAULT;

    /** The Media VM's weight, 1..65535. */
    int media() default DEFAULT;

    /** The Signaling VM's weight, 1..65535. */
    int signaling() default DEFAULT;

    /** Applies to every CPU-bound VM. */
    int cpuBound() default DEFAULT;
}
