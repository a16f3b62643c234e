package org.telvirt.host.xen.lab;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.telvirt.host.HostProfiles;

/**
 * Gives tests the {@link XenLab} as a parameter: booted once per test run (the first test that
 * asks), shared by every class, and stopped when the run ends (JUnit closes it with the root store).
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
                type -> XenLab.start(LabSettings.fromProfile(HostProfiles.load("xen-lab")), System.out::println),
                XenLab.class);
    }
}
