package org.telvirt.ssh;

import java.time.Duration;

/** What one remote command did: its exit status and everything it printed. */
public record ExecResult(String command, int exitStatus, String stdout, String stderr, Duration elapsed) {

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** Returns this result if the command exited 0, otherwise throws with its output. */
    public ExecResult requireSuccess() {
        if (!succeeded()) {
            throw new RemoteCommandException(this);
        }
        return this;
    }
}
