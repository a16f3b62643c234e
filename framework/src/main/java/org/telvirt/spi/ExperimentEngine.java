package org.telvirt.spi;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What telvirt's annotations hand their tests to: the engine that validates, provisions, measures, restores and
 * reports. The annotations reach it through {@link EngineExtension}, which finds its one implementation with
 * {@link ServiceLoader}, as the JUnit Platform finds its test engines: the API does not depend on the engine, which
 * depends on the API.
 */
public interface ExperimentEngine extends BeforeEachCallback, AfterTestExecutionCallback, ParameterResolver {

    /** The one engine on the class path. */
    static ExperimentEngine load() {
        List<ExperimentEngine> engines = ServiceLoader.load(ExperimentEngine.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (engines.size() != 1) {
            throw new ExtensionConfigurationException("telvirt needs exactly one " + ExperimentEngine.class.getName()
                    + " on the class path (the telvirt framework jar), found " + engines.size());
        }
        return engines.get(0);
    }
}
