package org.telvirt;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Yields the configurations of a {@link FigureSource}, each as the invocation's one argument. */
final class FigureArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<FigureSource> {
    private Figure figure;
    private List<String> only;

    @Override
    public void accept(FigureSource source) {
        figure = source.value();
        only = Arrays.asList(source.configurations());
        only.forEach(figure::configuration);
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return figure.configurations().stream()
                .filter(configuration -> only.isEmpty() || only.contains(configuration.id()))
                .map(Arguments::of);
    }
}
