package org.telvirt.qemuxen;

import org.telvirt.host.HostProfile;
import org.telvirt.host.xen.XenAccess;
import org.telvirt.host.xen.XenAccessProvider;

import java.util.function.Consumer;

/** {@code settings.lab: qemu}: the xen driver's host is this JVM's {@link QemuXen}, booted on first use. */
public final class QemuXenAccessProvider implements XenAccessProvider {

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public XenAccess open(HostProfile profile, Consumer<String> progress) {
        return new QemuXenAccess(QemuXen.shared(QemuXenSettings.fromProfile(profile), progress), profile);
    }

    @Override
    public void stopLeftBehind(HostProfile profile, Consumer<String> progress) {
        QemuXen.stopLeftBehind(QemuXenSettings.fromProfile(profile), progress);
    }
}
