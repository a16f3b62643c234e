package org.telvirt.ssh;

import java.time.Duration;

/** A remote command that exited non-zero or ran past its timeout. */
public class RemoteCommandException extends RuntimeException {

    private final transient ExecResult result;
    private final boolean timedOut;

    public RemoteCommandException(ExecResult result) {
        super("remote command failed with exit status " + result.exitStatus() + ": " + result.command()
                + outputs(result));
        this.result = result;
        this.timedOut = false;
    }

    RemoteCommandException(String target, ExecResult partial, Duration timeout) {
        super("remote command on " + target + " did not finish within " + timeout.toMillis() + " ms and was killed: "
                + partial.command() + outputs(partial));
        this.result = partial;
        this.timedOut = true;
    }

    /** The result so far; for a timeout, the output printed before it and exit status -1. */
    public ExecResult result() {
        return result;
    }

    public boolean timedOut() {
        return timedOut;
    }

    private static String outputs(ExecResult result) {
        return (result.stderr().isBlank() ? "" : "\n  stderr: " + result.stderr().strip())
                + (result.stdout().isBlank() ? "" : "\n  stdout: " + abbreviate(result.stdout().strip()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + " ...";
    }
}
