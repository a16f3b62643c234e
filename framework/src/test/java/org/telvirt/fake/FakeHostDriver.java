package org.telvirt.fake;

import org.telvirt.host.Host;
import org.telvirt.host.HostDriver;
import org.telvirt.host.HostProfile;

/** The in-memory host the extension's own tests run against. */
public final class FakeHostDriver implements HostDriver {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Host open(HostProfile profile) {
        return new FakeHost(profile);
    }
}
