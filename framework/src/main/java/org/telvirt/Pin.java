package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pins every vCPU of a domain to a set of the experiment's cores ({@code "0-1"}, {@code "0,2"}),
 * like {@code xl vcpu-pin}. Core numbers are the experiment's (the paper's host has 0-3, with
 * cores 0,1 and 2,3 sharing an L2 cache); the host profile says how they map to real cores.
 * Repeatable, one per domain:
 *
 * <pre>{@code
 * @Pin(domain = Role.DOM0, cpus = "0")
 * @Pin(domain = Role.CPU_BOUND, cpus = "2-3")
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Pin.List.class)
public @interface Pin {
    /** A standard domain name ({@link Role}); {@link Role#CPU_BOUND} pins every CPU-bound VM. */
    String domain();

    /** A CPU list of the experiment's cores, as {@code xl} and cpusets write it: {@code "0-1"}, {@code "0,2"}. */
    String cpus();

    /** Holds repeated {@link Pin}s; Java puts them here, tests write {@code @Pin} twice. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        /** The repeated pins, in the order written. */
        Pin[] value();
    }
}
