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
 * "no more than its weighted share"; the report states the percent that was applied. A negative
 * percent other than that is a configuration error, so a typo never silently means the fair share.
 * Repeatable, one per domain:
 *
 * <pre>{@code
 * @Cap(domain = Role.CPU_BOUND, percent = Cap.FAIR_SHARE)
 * @Cap(domain = Role.DOM0, percent = 150)
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Cap.List.class)
public @interface Cap {
    /** The weighted fair share instead of a percent: a value no one types as a percent by mistake. */
    int FAIR_SHARE = Integer.MIN_VALUE;

    /** A standard domain name ({@link Role}); {@link Role#CPU_BOUND} caps every CPU-bound VM. */
    String domain();

    /**
     * Percent of one physical CPU, Xen's unit: 100 is a whole core, 0 no cap, at most the experiment's cores x
     * 100; or {@link #FAIR_SHARE}.
     */
    int percent();

    /** Holds repeated {@link Cap}s; Java puts them here, tests write {@code @Cap} twice. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        /** The repeated caps, in the order written. */
        Cap[] value();
    }
}
