package org.telvirt.engine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.telvirt.CapacityResult;
import org.telvirt.CapacitySearch;
import org.telvirt.Configuration;
import org.telvirt.SloLimits;

/**
 * Runs a {@link CapacitySearch} before its test and injects the {@link CapacityResult}. The
 * results are written before anything is asserted, also the core counts finished before a run
 * failed; a search the host cannot run at any core count is skipped with the host's reasons, and
 * one whose capacity rises as cores fall, beyond its resolution, fails.
 * Applied where {@link CapacitySearch} stands ({@link TelephonyEngine}).
 */
final class CapacitySearchExtension implements BeforeEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(CapacitySearchExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        CapacitySearch annotation = AnnotationSupport.findAnnotation(method, CapacitySearch.class)
                .orElseThrow(() -> new ExtensionConfigurationException(method.getName()
                        + "(): the capacity search runs only for methods annotated @CapacitySearch"));
        String title = testClass.getSimpleName() + "." + method.getName() + "()";
        Configuration base = AnnotatedConfiguration.of(testClass, method);
        SloLimits slo = AnnotatedConfiguration.slo(testClass, method);
        ExperimentRunner runner = HostSession.runner(context);
        CapacityPlan plan = CapacityPlan.of(annotation, title, runner.selectedProfile().coreCount(), base, slo);
        CoreCapacitySearch search = new CoreCapacitySearch(runner, plan, base, slo, testClass, method.getName(),
                new CapacityProgress(title + " capacity", System.out));
        Path directory = ResultFiles.root().resolve(testClass.getSimpleName()).resolve(method.getName());
        try {
            search.run();
        } catch (Exception | Error failed) {
            keepWhatWasFound(context, title, search.result(), directory, failed);
            throw failed;
        }
        CapacityResult result = search.result();
        CapacityReport.write(context, title, result, directory);
        List<String> rises = search.capacityRisingAsCoresFall();
        if (!rises.isEmpty()) {
            throw new AssertionFailedError("capacity search failed: " + String.join("; ", rises) + ". Fewer cores"
                    + " cannot carry more, so this host's noise decided the answer; raise retries or the seconds per"
                    + " run (every run in " + directory.resolve(CapacityReport.MARKDOWN) + ")");
        }
        if (result.measured().isEmpty()) {
            throw new TestAbortedException("capacity search skipped: host '" + result.host()
                    + "' provides none of the core counts: " + result.skipped().stream()
                    .map(capacity -> capacity.cores() + " cores: " + capacity.skippedReason().orElseThrow())
                    .collect(Collectors.joining("; ")));
        }
        context.getStore(NAMESPACE).put(CapacityResult.class, result);
    }

    private static void keepWhatWasFound(ExtensionContext context, String title, CapacityResult partial,
            Path directory, Throwable failure) {
        if (partial.coreCounts().isEmpty()) {
            return;
        }
        try {
            CapacityReport.write(context, title, partial, directory);
        } catch (IOException | RuntimeException unwritable) {
            failure.addSuppressed(unwritable);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CapacityResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        CapacityResult result = context.getStore(NAMESPACE).get(CapacityResult.class, CapacityResult.class);
        if (result == null) {
            throw new ParameterResolutionException("no CapacityResult: the capacity search did not run for "
                    + context.getDisplayName());
        }
        return result;
    }
}
