package org.telvirt.engine;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.telvirt.Lab;
import org.telvirt.verdict.Findings;

/** Injects a {@link Lab} and the {@link Findings} into the tests of a {@link org.telvirt.TelephonyLab} class. */
final class LabExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Lab.class || type == Findings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new ReusingLab(HostSession.runner(context), context);
    }
}
