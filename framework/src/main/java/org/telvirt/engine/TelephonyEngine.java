package org.telvirt.engine;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.telvirt.CapacitySearch;
import org.telvirt.TelephonyExperiment;
import org.telvirt.TelephonyLab;
import org.telvirt.spi.ExperimentEngine;

/**
 * The engine behind telvirt's annotations: one small extension per concern, each applied where its annotation stands
 * on the test method, its class or an enclosing class, as if that annotation had registered it.
 */
public final class TelephonyEngine implements ExperimentEngine {
    private final Map<Class<? extends Annotation>, Extension> concerns = new LinkedHashMap<>();

    public TelephonyEngine() {
        concerns.put(TelephonyExperiment.class, new ExperimentExtension());
        concerns.put(TelephonyLab.class, new LabExtension());
        concerns.put(CapacitySearch.class, new CapacitySearchExtension());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        for (Extension concern : concernsOf(context)) {
            if (concern instanceof BeforeEachCallback callback) {
                callback.beforeEach(context);
            }
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        for (Extension concern : concernsOf(context)) {
            if (concern instanceof AfterTestExecutionCallback callback) {
                callback.afterTestExecution(context);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return resolverFor(parameter, context).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resolverFor(parameter, context)
                .orElseThrow(() -> new ParameterResolutionException("telvirt resolves no " + parameter.getParameter()))
                .resolveParameter(parameter, context);
    }

    private Optional<ParameterResolver> resolverFor(ParameterContext parameter, ExtensionContext context) {
        return concernsOf(context).stream().filter(ParameterResolver.class::isInstance).map(ParameterResolver.class::cast)
                .filter(resolver -> resolver.supportsParameter(parameter, context)).findFirst();
    }

    private List<Extension> concernsOf(ExtensionContext context) {
        return concerns.entrySet().stream().filter(concern -> annotatedUpwards(context, concern.getKey()))
                .map(Map.Entry::getValue).toList();
    }

    private static boolean annotatedUpwards(ExtensionContext context, Class<? extends Annotation> annotation) {
        for (Optional<ExtensionContext> level = Optional.of(context); level.isPresent();
                level = level.get().getParent()) {
            Optional<AnnotatedElement> element = level.get().getElement();
            if (element.isPresent() && AnnotationSupport.isAnnotated(element.get(), annotation)) {
                return true;
            }
        }
        return false;
    }
}
