package org.telvirt.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.telvirt.HostException;

/**
 * Measures something again while the host is disturbed: a window during which the hypervisor took this machine's CPUs
 * is void, not a verdict, so it is measured anew, up to {@link HostDisturbance#attempts()} in all, rather than ending
 * a build whose other measurements are fine. Each void attempt's files are set aside beside its directory
 * ({@link HostDisturbance#setAsideDirectory}); when every attempt is disturbed, the last one's error, naming each,
 * ends the run. Whether an attempt is disturbed is read from steal alone, never from what it measured.
 */
public final class QuietAttempts {
    private QuietAttempts() {
    }

    /** One attempt's measurement and the host's disturbance over its window. */
    public record Attempted<T>(T result, HostDisturbance disturbance) {
    }

    @FunctionalInterface
    public interface Attempt<T> {
        /** Measures into the run's directory; {@code voided} says, one line each, which attempts before it were void. */
        Attempted<T> measure(List<String> voided) throws InterruptedException;
    }

    @FunctionalInterface
    public interface Disturbed<T> {
        /**
         * Records a disturbed attempt in its directory (before it is set aside) and gives the infrastructure error
         * that ends the run if it was the last; {@code attempts} reads e.g. "attempt 3 of 3; before it ...".
         */
        HostException recorded(Attempted<T> attempted, String attempts);
    }

    /** The first attempt whose window was quiet (or any, when disturbances are only recorded). */
    public static <T> Attempted<T> measure(String what, Path directory, Attempt<T> attempt, Disturbed<T> disturbed)
            throws InterruptedException {
        int attempts = HostDisturbance.attempts();
        List<String> voided = new ArrayList<>();
        for (int number = 1; ; number++) {
            Attempted<T> attempted = attempt.measure(List.copyOf(voided));
            HostDisturbance disturbance = attempted.disturbance();
            if (!disturbance.disturbed() || !HostDisturbance.judged()) {
                return attempted;
            }
            HostException failure = disturbed.recorded(attempted, "attempt " + number + " of " + attempts
                    + (voided.isEmpty() ? "" : "; before it " + String.join("; ", voided)));
            if (number == attempts) {
                throw failure;
            }
            String line = String.format(Locale.ROOT, "attempt %d of %d void, %s over %s (kept in %s)", number, attempts,
                    String.join(", ", disturbance.limitsExceeded()), disturbance.window(),
                    HostDisturbance.setAside(directory, number));
            voided.add(line);
            System.out.println("[telvirt] " + what + ": host disturbed, measuring it again: " + line);
        }
    }
}
