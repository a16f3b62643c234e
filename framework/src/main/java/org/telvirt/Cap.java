package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caps a domain's CPU as Xen's credit scheduler does: a percent of one physical CPU, 0 = no cap.
 * {@link #FAIR_SHARE} caps the domain at its weighted fair share of the host's cores, the paper's
 * "no more than its weighted share"; the report states the percent that was applied.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Cap.List.class)
public @interface Cap {
    int FAIR_SHARE = -1;

    /** A standard domain name ({@link Role}); {@link Role#CPU_BOUND} caps every CPU-bound VM. */
    String domain();

    int percent();

    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        Cap[] value();
    }
}
