package org.telvirt.spi;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension every telvirt annotation registers ({@code @ExtendWith} needs a class): it hands each callback to the
 * {@link ExperimentEngine}, which decides by the annotations present what the test needs.
 */
public final class EngineExtension implements BeforeEachCallback, AfterTestExecutionCallback, ParameterResolver {
    private final ExperimentEngine engine = ExperimentEngine.load();

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        engine.beforeEach(context);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        engine.afterTestExecution(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return engine.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return engine.resolveParameter(parameter, context);
    }
}
