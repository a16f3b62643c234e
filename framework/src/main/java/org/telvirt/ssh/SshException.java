package org.telvirt.ssh;

/** The SSH connection could not be made or was lost: host key refused, authentication, network. */
public class SshException extends RuntimeException {

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }

    public SshException(String message) {
        super(message);
    }
}
