package org.telvirt.engine;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.telvirt.FigureSource;

/** What the {@link FigureSource} of a test yields, counted without running it. */
final class FigureSources {
    private FigureSources() {
    }

    static int count(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), FigureSource.class)
                .map(source -> source.configurations().length > 0 ? source.configurations().length
                        : source.value().configurations().size())
                .orElse(1);
    }
}
