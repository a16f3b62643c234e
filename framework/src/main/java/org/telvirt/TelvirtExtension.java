package org.telvirt;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.params.ParameterInfo;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.telvirt.host.Host;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostProfiles;

/**
 * The lifecycle of every telephony experiment, per test or per parameterized invocation:
 * validate, provision, tune, run the workload, restore, write the results, then check the SLO.
 * Registered by {@link TelephonyExperiment}.
 */
final class TelvirtExtension implements BeforeEachCallback, ParameterResolver, AfterTestExecutionCallback {
    private static final Namespace NAMESPACE = Namespace.create(TelvirtExtension.class);
    static final String SECONDS_PROPERTY = "telvirt.seconds";
    static final String WARMUP_PROPERTY = "telvirt.warmupSeconds";

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        Configuration asked = withDurationOverrides(configuration(context, testClass, method), context);
        HostSession hosts = hostSession(context);
        HostProfile selected = hosts.selectedProfile();
        Configuration configuration = asked.withWorkload(asked.workload().scaled(selected.streamScaleOrDefault()));
        Host host = hosts.hostFor(configuration);
        ExperimentRunner.validate(host, configuration);
        Optional<String> unsupported = host.unsupportedReason(configuration);
        if (unsupported.isPresent()) {
            throw new TestAbortedException("configuration " + configuration.id() + " skipped on host '"
                    + host.profile().name() + "': " + unsupported.get());
        }
        SloLimits slo = AnnotatedConfiguration.slo(testClass, method);
        Path directory = ResultFiles.directoryFor(testClass, method.getName(), configuration);
        MediaRun run = ExperimentRunner.run(host, configuration, directory);
        ResultFiles.writeRunRecord(run, slo, asked.workload().streams());
        RunLedger.record(run, slo);
        context.getStore(NAMESPACE).put(MediaRun.class, run);
        context.getStore(NAMESPACE).put(SloLimits.class, slo);
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
        List<String> broken = slo.violations(run);
        if (!broken.isEmpty()) {
            throw new AssertionFailedError("SLO violated: " + String.join(", ", broken) + " at "
                    + run.headline() + " (configuration " + run.configuration().id() + " on " + run.host()
                    + "; results in " + run.resultDirectory() + ")");
        }
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

    private static Configuration withDurationOverrides(Configuration configuration, ExtensionContext context) {
        Workload workload = configuration.workload();
        int seconds = context.getConfigurationParameter(SECONDS_PROPERTY).map(value -> parsePositive(SECONDS_PROPERTY,
                value)).orElse(workload.seconds());
        int warmup = context.getConfigurationParameter(WARMUP_PROPERTY).map(value -> parsePositive(WARMUP_PROPERTY,
                value)).orElse(workload.warmupSeconds());
        return configuration.withWorkload(workload.withDuration(seconds, warmup));
    }

    private static int parsePositive(String property, String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the property's name
        }
        throw new InvalidConfigurationException(List.of("-D" + property + "=" + value
                + ": expected a whole number of seconds"));
    }

    private static HostSession hostSession(ExtensionContext context) {
        String selected = context.getConfigurationParameter(HostProfiles.HOST_PROPERTY).orElse(HostProfiles.DEFAULT_HOST);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("hosts:" + selected,
                key -> new HostSession(HostProfiles.load(selected)), HostSession.class);
    }
}
