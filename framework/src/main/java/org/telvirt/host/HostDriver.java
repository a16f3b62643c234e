package org.telvirt.host;

/**
 * Makes hosts of one kind ({@code native}, {@code emulated}, {@code xen}); found with
 * {@link java.util.ServiceLoader}, chosen by a profile's {@code driver}.
 */
public interface HostDriver {

    /** The {@code driver} value of the profiles this driver serves. */
    String name();

    /**
     * Connects to or prepares the host. Throws {@link HostException} with what is missing (not
     * root, cgroups not writable, host unreachable) rather than a stack trace.
     */
    Host open(HostProfile profile);
}
