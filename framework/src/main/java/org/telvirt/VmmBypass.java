package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the Media VM its own NIC so media packets no longer cross Dom0 (the paper's Figure 13): the
 * Dom0 hop is what starves first when CPU is short. A real Xen host needs an IOMMU and a spare NIC in
 * its profile; a host that cannot do it skips the test with the reason.
 *
 * <pre>{@code
 * @Test
 * @Cores(2) @VmmBypass
 * void ownNicCarriesTheTurnkeyLoad(MediaRun run) { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface VmmBypass {
}
