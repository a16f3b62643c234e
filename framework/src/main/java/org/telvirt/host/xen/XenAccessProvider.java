package org.telvirt.host.xen;

import java.util.function.Consumer;
import org.telvirt.host.HostProfile;

/**
 * A lab that brings up its own Xen host before the driver reaches it, named by a profile's
 * {@code settings.lab} and found with {@link java.util.ServiceLoader}: the driver runs on a real host
 * without any lab's code on the class path.
 */
public interface XenAccessProvider {

    /** The {@code settings.lab} value that selects this lab. */
    String name();

    /** Brings the lab's host up (or finds it up) and reaches its Dom0; {@code progress} hears what takes long. */
    XenAccess open(HostProfile profile, Consumer<String> progress);

    /**
     * Stops whatever a run that died left of the lab ({@code ./telvirt host restore}), and with it every change that
     * run made on the lab's Xen: a lab's host lives only as long as the lab itself, so its journal is then settled
     * without running anything. Throws {@link org.telvirt.HostException} while a live run uses the lab.
     */
    void stopLeftBehind(HostProfile profile, Consumer<String> progress);
}
