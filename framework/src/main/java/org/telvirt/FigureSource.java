package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Supplies a parameterized test with one {@link Configuration} per column of one of the paper's
 * figures, in the paper's order: {@code @ParameterizedTest @FigureSource(Figure.CAPS) void
 * figure7(Configuration configuration, MediaRun run)}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(FigureArgumentsProvider.class)
public @interface FigureSource {
    /** The figure whose columns the test runs. */
    Figure value();

    /** Only these columns (by id, e.g. {@code {"D", "2.2"}}); all when empty. */
    String[] configurations() default {};
}
