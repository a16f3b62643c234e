package org.telvirt.ssh;

/** Runs shell command lines on one host; {@link SshSession} is the real one. */
public interface RemoteShell {

    /** Runs a command with the default timeout; a non-zero exit is returned, not thrown. */
    ExecResult exec(String command);

    /** Runs a command and throws {@link RemoteCommandException} unless it exits 0. */
    default ExecResult run(String command) {
        return exec(command).requireSuccess();
    }
}
