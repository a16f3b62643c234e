package org.telvirt.engine;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.platform.commons.support.AnnotationSupport;
import org.telvirt.knob.Tuning;
import org.telvirt.Cap;
import org.telvirt.Coalesce;
import org.telvirt.Configuration;
import org.telvirt.Cores;
import org.telvirt.CpuBoundVms;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.MediaStreams;
import org.telvirt.Pin;
import org.telvirt.Role;
import org.telvirt.SignalingLoad;
import org.telvirt.Slo;
import org.telvirt.SloLimits;
import org.telvirt.VmmBypass;
import org.telvirt.Weights;
import org.telvirt.Workload;

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
        for (AnnotatedElement element : List.of(testClass, method)) {
            applyKnobs(element, tuning, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Tuning built = tuning.build();
        return new Configuration(null, method.getName(), built.toString(), built, workload, false);
    }

    /** True when the method or class sets any tuning knob by annotation. */
    static boolean hasKnobAnnotations(Class<?> testClass, Method method) {
        Tuning.Builder tuning = Tuning.builder();
        List<String> problems = new ArrayList<>();
        applyKnobs(testClass, tuning, problems);
        applyKnobs(method, tuning, problems);
        return !problems.isEmpty() || !tuning.build().isDefault();
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

    /**
     * The one place annotations become knobs. Each value is checked by its knob; a problem names the annotation it
     * came from, and every problem of the test is reported at once.
     */
    private static void applyKnobs(AnnotatedElement element, Tuning.Builder tuning, List<String> problems) {
        String where = element instanceof Method method ? method.getName() + "()" : ((Class<?>) element).getSimpleName();
        AnnotationSupport.findAnnotation(element, Weights.class).ifPresent(weights -> {
            String source = "@Weights on " + where;
            addEach(tuning, problems, source, Role.DOM0, domain -> tuning.weight(domain, weights.dom0()));
            addEach(tuning, problems, source, Role.MEDIA, domain -> tuning.weight(domain, weights.media()));
            addEach(tuning, problems, source, Role.SIGNALING, domain -> tuning.weight(domain, weights.signaling()));
            addEach(tuning, problems, source, Role.CPU_BOUND, domain -> tuning.weight(domain, weights.cpuBound()));
        });
        for (Cap cap : AnnotationSupport.findRepeatableAnnotations(element, Cap.class)) {
            String percent = cap.percent() == Cap.FAIR_SHARE ? "Cap.FAIR_SHARE" : Integer.toString(cap.percent());
            String source = "@Cap(domain = \"" + cap.domain() + "\", percent = " + percent + ") on " + where;
            if (cap.percent() < 0 && cap.percent() != Cap.FAIR_SHARE) {
                problems.add(source + ": cap " + cap.percent() + " % of " + cap.domain()
                        + " is negative (0 means no cap; for the weighted share write percent = Cap.FAIR_SHARE)");
                continue;
            }
            addEach(tuning, problems, source, cap.domain(), domain -> {
                if (cap.percent() == Cap.FAIR_SHARE) {
                    tuning.fairShareCap(domain);
                } else {
                    tuning.cap(domain, cap.percent());
                }
            });
        }
        for (Pin pin : AnnotationSupport.findRepeatableAnnotations(element, Pin.class)) {
            String source = "@Pin(domain = \"" + pin.domain() + "\", cpus = \"" + pin.cpus() + "\") on " + where;
            addEach(tuning, problems, source, pin.domain(), domain -> tuning.pin(domain, pin.cpus()));
        }
        AnnotationSupport.findAnnotation(element, Coalesce.class).ifPresent(coalesce -> add(tuning, problems,
                "@Coalesce(micros = " + coalesce.micros() + ", frames = " + coalesce.frames() + ") on " + where,
                () -> tuning.coalesce(coalesce.micros(), coalesce.frames())));
        if (AnnotationSupport.isAnnotated(element, VmmBypass.class)) {
            add(tuning, problems, "@VmmBypass on " + where, () -> tuning.vmmBypass(true));
        }
        AnnotationSupport.findAnnotation(element, Cores.class).ifPresent(cores ->
                add(tuning, problems, "@Cores(" + cores.value() + ") on " + where, () -> tuning.cores(cores.value())));
    }

    private static void addEach(Tuning.Builder tuning, List<String> problems, String source, String role,
            Consumer<String> knob) {
        List<String> domains = Role.domains(role);
        if (domains.isEmpty()) {
            problems.add(source + ": unknown domain '" + role + "' (known: " + String.join(", ", Role.ALL) + ", "
                    + Role.CPU_BOUND + ")");
        }
        domains.forEach(domain -> add(tuning, problems, source, () -> knob.accept(domain)));
    }

    private static void add(Tuning.Builder tuning, List<String> problems, String source, Runnable knob) {
        try {
            tuning.source(source);
            knob.run();
        } catch (IllegalArgumentException refused) {
            problems.add(source + ": " + refused.getMessage());
        }
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
