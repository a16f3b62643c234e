package org.telvirt.host.nativehost;

import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.host.HostProfile;

/** The paper's column N: every server a plain process on this machine. */
public final class NativeHostDriver implements HostDriver {
    public static final String NAME = "native";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Host open(HostProfile profile) {
        return new NativeHost(profile);
    }
}
