package org.telvirt;

/**
 * The experiment did not finish within the test's {@link org.junit.jupiter.api.Timeout}: JUnit
 * applies that limit to the test body only, and telvirt applies it to the experiment before the
 * body as well. Raised after the run was stopped and the host restored.
 */
public class ExperimentTimeoutException extends RuntimeException {
    /** @param message the limit, its annotation, and where the run's logs are */
    public ExperimentTimeoutException(String message) {
        super(message);
    }
}
