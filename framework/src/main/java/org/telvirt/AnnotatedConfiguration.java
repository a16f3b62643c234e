package org.telvirt;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Builds the model from a test's annotations: the class sets the scene, the method refines it
 * (a method's annotation wins over the class's for the same knob and domain).
 */
final class AnnotatedConfiguration {
    private AnnotatedConfiguration() {
    }

    static Configuration of(Class<?> testClass, Method method) {
        List<String> problems = new ArrayList<>();
        Workload workload = workload(testClass, method);
        problems.addAll(workload.validate(source(testClass, method, MediaStreams.class)));
        Tuning.Builder tuning = Tuning.builder();
        try {
            for (AnnotatedElement element : List.of(testClass, method)) {
                applyKnobs(element, tuning);
            }
            Tuning built = tuning.build();
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
            return new Configuration(null, method.getName(), built.toString(), built, workload, false);
        } catch (InvalidConfigurationException invalid) {
            problems.addAll(invalid.problems());
            throw new InvalidConfigurationException(problems);
        }
    }

    /** True when the method or class sets any tuning knob by annotation. */
    static boolean hasKnobAnnotations(Class<?> testClass, Method method) {
        Tuning.Builder tuning = Tuning.builder();
        applyKnobs(testClass, tuning);
        applyKnobs(method, tuning);
        return !tuning.build().isDefault();
    }

    /** The {@link Slo} of the method, else of the class; limits that cannot mean what was written are errors. */
    static SloLimits slo(Class<?> testClass, Method method) {
        boolean onMethod = AnnotationSupport.isAnnotated(method, Slo.class);
        SloLimits slo = first(Slo.class, method, testClass).map(SloLimits::of).orElse(SloLimits.NONE);
        List<String> problems = slo.problems("@Slo on " + (onMethod ? method.getName() + "()" : testClass.getSimpleName()));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return slo;
    }

    private static Workload workload(Class<?> testClass, Method method) {
        MediaStreams streams = first(MediaStreams.class, method, testClass).orElse(null);
        Workload base = Workload.MIXED;
        int count = streams == null ? base.streams() : streams.value();
        int seconds = streams == null ? base.seconds() : streams.seconds();
        int warmup = streams == null ? base.warmupSeconds() : streams.warmupSeconds();
        int work = streams == null ? base.mediaWorkMicros() : streams.workMicros();
        Optional<SignalingLoad> signaling = first(SignalingLoad.class, method, testClass);
        double callsPerSecond = signaling.map(SignalingLoad::callsPerSecond).orElse(0.0);
        int hold = signaling.map(SignalingLoad::holdSeconds).orElse(base.holdSeconds());
        int cpuBound = first(CpuBoundVms.class, method, testClass).map(CpuBoundVms::value).orElse(0);
        return new Workload(count, seconds, warmup, work, base.mediaVcpus(), callsPerSecond, hold, cpuBound);
    }

    private static void applyKnobs(AnnotatedElement element, Tuning.Builder tuning) {
        String where = element instanceof Method method ? method.getName() + "()" : ((Class<?>) element).getSimpleName();
        AnnotationSupport.findAnnotation(element, Weights.class).ifPresent(weights -> {
            String source = "@Weights on " + where;
            tuning.weight(Role.DOM0, weights.dom0(), source).weight(Role.MEDIA, weights.media(), source)
                    .weight(Role.SIGNALING, weights.signaling(), source)
                    .weight(Role.CPU_BOUND, weights.cpuBound(), source);
        });
        for (Cap cap : AnnotationSupport.findRepeatableAnnotations(element, Cap.class)) {
            tuning.cap(cap.domain(), cap.percent(), "@Cap(domain = \"" + cap.domain() + "\", percent = "
                    + cap.percent() + ") on " + where);
        }
        for (Pin pin : AnnotationSupport.findRepeatableAnnotations(element, Pin.class)) {
            tuning.pin(pin.domain(), pin.cpus(), "@Pin(domain = \"" + pin.domain() + "\", cpus = \"" + pin.cpus()
                    + "\") on " + where);
        }
        AnnotationSupport.findAnnotation(element, Coalesce.class).ifPresent(coalesce ->
                tuning.coalesce(coalesce.micros(), coalesce.frames(), "@Coalesce(micros = " + coalesce.micros()
                        + ", frames = " + coalesce.frames() + ") on " + where));
        if (AnnotationSupport.isAnnotated(element, VmmBypass.class)) {
            tuning.vmmBypass(true);
        }
        AnnotationSupport.findAnnotation(element, Cores.class).ifPresent(cores ->
                tuning.cores(cores.value(), "@Cores(" + cores.value() + ") on " + where));
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> first(Class<A> type, Method method,
            Class<?> testClass) {
        Optional<A> onMethod = AnnotationSupport.findAnnotation(method, type);
        return onMethod.isPresent() ? onMethod : AnnotationSupport.findAnnotation(testClass, type);
    }

    private static String source(Class<?> testClass, Method method, Class<?> annotation) {
        return "@" + annotation.getSimpleName() + " on " + testClass.getSimpleName() + "." + method.getName() + "()";
    }
}
