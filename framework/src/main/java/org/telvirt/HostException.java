package org.telvirt;

/**
 * The host could not do its part: unreachable, not permitted, a program that would not start.
 * An infrastructure failure, told apart from an SLO failure (an {@link AssertionError}) and a
 * configuration error ({@link org.telvirt.InvalidConfigurationException}).
 */
public class HostException extends RuntimeException {
    /** How every infrastructure failure's message starts, for whoever sorts failures by kind. */
    public static final String MESSAGE_PREFIX = "telvirt infrastructure error:";

    public HostException(String message) {
        super(MESSAGE_PREFIX + " " + message);
    }

    public HostException(String message, Throwable cause) {
        super(MESSAGE_PREFIX + " " + message, cause);
    }
}
