package org.telvirt.engine;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.params.ParameterInfo;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.telvirt.CapacitySearch;
import org.telvirt.Configuration;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaRun;
import org.telvirt.SloLimits;
import org.telvirt.verdict.BaselineVerdict;

/**
 * The lifecycle of every telephony experiment, per test or per parameterized invocation:
 * validate, provision, tune, run the workload, restore, write the results, then check the SLO.
 * A {@link Timeout} on the test bounds the experiment as well as the body.
 * Applied where {@link org.telvirt.TelephonyExperiment} stands ({@link TelephonyEngine}).
 */
final class ExperimentExtension implements BeforeEachCallback, ParameterResolver, AfterTestExecutionCallback {
    private static final Namespace NAMESPACE = Namespace.create(ExperimentExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        if (AnnotationSupport.isAnnotated(method, CapacitySearch.class)) {
            // a capacity search runs many experiments of its own; one more here would only cost time
            return;
        }
        SloLimits slo = AnnotatedConfiguration.slo(testClass, method);
        Configuration configuration = configuration(context, testClass, method);
        RunReporting reporting = RunReporting.starting(context, configuration);
        Optional<Baseline> baseline;
        MediaRun run;
        try {
            ImageUnderTest.checkBuildSettings();
            baseline = Baseline.of(context);
            run = HostSession.runner(context).run(configuration, slo, testClass, method.getName(),
                    timeLimit(testClass, method));
        } catch (Exception | Error failure) {
            reporting.failed(failure);
            throw failure;
        }
        Optional<BaselineVerdict> compared = reporting.measured(run, slo, baseline);
        context.getStore(NAMESPACE).put(MediaRun.class, run);
        context.getStore(NAMESPACE).put(SloLimits.class, slo);
        compared.ifPresent(verdict -> context.getStore(NAMESPACE).put(BaselineVerdict.class, verdict));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MediaRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MediaRun run = context.getStore(NAMESPACE).get(MediaRun.class, MediaRun.class);
        if (run == null) {
            throw new ParameterResolutionException("no MediaRun: the experiment did not run for "
                    + context.getDisplayName());
        }
        return run;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            return;
        }
        MediaRun run = context.getStore(NAMESPACE).get(MediaRun.class, MediaRun.class);
        SloLimits slo = context.getStore(NAMESPACE).get(SloLimits.class, SloLimits.class);
        if (run == null || slo == null) {
            return;
        }
        String where = " (configuration " + run.configuration().id() + " on " + run.host() + "; results in "
                + run.resultDirectory() + ")";
        List<String> broken = slo.violations(run);
        if (!broken.isEmpty()) {
            throw new AssertionFailedError(SloLimits.VIOLATED_PREFIX + " " + String.join(", ", broken) + " at "
                    + run.headline() + where);
        }
        // within its SLO, a run may still have got worse than the image before: that blocks a release too
        BaselineVerdict compared = context.getStore(NAMESPACE).get(BaselineVerdict.class, BaselineVerdict.class);
        if (compared != null && compared.regressed()) {
            throw new AssertionFailedError(compared.describe() + " at " + run.headline() + where);
        }
    }

    /**
     * The test's {@link Timeout}, which JUnit applies to the test body only: the experiment runs
     * before the body, so the extension holds it to the same limit.
     */
    private static Optional<ExperimentRunner.TimeLimit> timeLimit(Class<?> testClass, Method method) {
        Optional<Timeout> onMethod = AnnotationSupport.findAnnotation(method, Timeout.class);
        String where = onMethod.isPresent() ? method.getName() + "()" : testClass.getSimpleName();
        return onMethod.or(() -> AnnotationSupport.findAnnotation(testClass, Timeout.class))
                .map(timeout -> new ExperimentRunner.TimeLimit(Duration.of(timeout.value(), timeout.unit().toChronoUnit()),
                        "@Timeout(" + timeout.value() + " " + timeout.unit().name().toLowerCase(Locale.ROOT) + ") on "
                                + where));
    }

    private static Configuration configuration(ExtensionContext context, Class<?> testClass, Method method) {
        ParameterInfo parameters = ParameterInfo.get(context);
        if (parameters != null) {
            for (int i = 0; i < parameters.getArguments().size(); i++) {
                if (parameters.getArguments().get(i) instanceof Configuration fromSource) {
                    if (AnnotatedConfiguration.hasKnobAnnotations(testClass, method)) {
                        throw new InvalidConfigurationException(List.of(method.getName()
                                + "(): knob annotations beside a Configuration argument; the argument's tuning is"
                                + " the whole tuning, so put the knobs into the configuration source instead"));
                    }
                    return fromSource;
                }
            }
        }
        return AnnotatedConfiguration.of(testClass, method);
    }
}
