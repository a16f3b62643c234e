package org.telvirt.host.xen.lab;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.telvirt.host.HostProfiles;

/**
 * Gives tests the {@link XenLab} as a parameter: the JVM's shared lab (also the one the {@code xen}
 * driver uses for the xen-lab profile), booted by the first test that asks and stopped cleanly when
 * the run ends (JUnit closes it with the root store).
 */
public final class XenLabExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(XenLabExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == XenLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(XenLab.class,
                type -> XenLab.shared(LabSettings.fromProfile(HostProfiles.load("xen-lab")), System.out::println),
                XenLab.class);
    }
}
