package org.telvirt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import io.qameta.allure.junit5.AllureJunit5;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telvirt.spi.EngineExtension;

/**
 * Marks a test class whose tests drive runs themselves through an injected {@link Lab}: to compare
 * configurations (the paper's findings) or to search for a capacity. Runs already measured in the
 * same JVM on the same host are reused, so a findings class after the figure classes costs nothing.
 *
 * <pre>{@code
 * @TelephonyLab
 * class CapFindingIT {
 *     @Test
 *     void cappingDom0LosesPackets(Lab lab) {
 *         assertThat(lab.measure(Figure.CAPS, "2.2")).hasLossAtLeast(1);
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("experiment")
@ExtendWith({EngineExtension.class, AllureJunit5.class})
public @interface TelephonyLab {
}
