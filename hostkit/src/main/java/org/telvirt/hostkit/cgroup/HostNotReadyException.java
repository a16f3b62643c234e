package org.telvirt.hostkit.cgroup;

import java.io.IOException;

/** The machine cannot host emulated domains (not root, no usable cgroups); the message says what is missing. */
public final class HostNotReadyException extends IOException {
    public static final String NATIVE_HINT = "run as root or use -Dtelvirt.host=native";

    public HostNotReadyException(String message) {
        super(message);
    }
}
