package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Interrupt coalescing on the receiving NIC: raise one interrupt after {@code micros} or
 * {@code frames} packets, whichever comes first (the paper's Figure 10). Fewer interrupts leave more
 * CPU to the domains and add up to {@code micros} of delay to every packet.
 *
 * <pre>{@code
 * @Test
 * @Coalesce(micros = 40, frames = 3)
 * void coalescedNicMeetsSlo(MediaRun run) { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Coalesce {
    /** The longest a packet waits for its interrupt, in microseconds ({@code ethtool -C rx-usecs}). */
    int micros();

    /** The packets that raise an interrupt at once, however recent the first ({@code rx-frames}). */
    int frames();
}
