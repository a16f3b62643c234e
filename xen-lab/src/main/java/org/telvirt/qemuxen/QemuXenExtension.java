package org.telvirt.qemuxen;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.telvirt.host.HostProfiles;

/**
 * Gives tests the {@link QemuXen} as a parameter: the JVM's shared lab (also the one the {@code xen}
 * driver uses for the xen-lab profile), booted by the first test that asks and stopped cleanly when
 * the run ends (JUnit closes it with the root store).
 */
public final class QemuXenExtension implements ParameterResolver, ExecutionCondition {

    /** Set by the {@code xen-lab} Maven profile: a plain test run never boots a lab by accident. */
    public static final String ENABLED_PROPERTY = "telvirt.xenlab";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QemuXenExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Boolean.getBoolean(ENABLED_PROPERTY)
                ? ConditionEvaluationResult.enabled("-D" + ENABLED_PROPERTY + "=true")
                : ConditionEvaluationResult.disabled("boots real Xen under QEMU: run with -Pxen-lab (sets -D"
                        + ENABLED_PROPERTY + "=true)");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == QemuXen.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(QemuXen.class,
                type -> QemuXen.shared(QemuXenSettings.fromProfile(HostProfiles.load("xen-lab")), System.out::println),
                QemuXen.class);
    }
}
