package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Use only the first {@code value} cores of the host (the paper's turnkey Figures 11 and 12): how a
 * test asks whether fewer cores still carry the load. More cores than the host has is a
 * configuration error.
 *
 * <pre>{@code
 * @Test
 * @Cores(2)
 * void twoCoresCarryTheTurnkeyLoad(MediaRun run) { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Cores {
    /** How many cores, at least 1; pins and caps then refer to these cores only. */
    int value();
}
