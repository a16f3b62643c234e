package org.telvirt.host;

/**
 * The host could not do its part: unreachable, not permitted, a program that would not start.
 * An infrastructure failure, told apart from an SLO failure (an {@link AssertionError}) and a
 * configuration error ({@link org.telvirt.InvalidConfigurationException}).
 */
public class HostException extends RuntimeException {
    public HostException(String message) {
        super("telvirt infrastructure error: " + message);
    }

    public HostException(String message, Throwable cause) {
        super("telvirt infrastructure error: " + message, cause);
    }
}
