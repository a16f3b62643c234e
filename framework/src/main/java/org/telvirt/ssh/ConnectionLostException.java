package org.telvirt.ssh;

/** The connection dropped while a command ran: it may or may not have finished; what it printed until then is kept. */
public final class ConnectionLostException extends SshException {
    private final transient ExecResult partial;

    ConnectionLostException(String target, ExecResult partial) {
        super("connection to " + target + " was lost while running: " + partial.command()
                + " (it may or may not have run; not retried)");
        this.partial = partial;
    }

    /** The output printed before the connection dropped, with exit status -1. */
    public ExecResult partial() {
        return partial;
    }
}
