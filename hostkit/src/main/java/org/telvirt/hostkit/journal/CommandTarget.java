package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.util.List;

/**
 * Where a journalled command runs. {@code "local"} is built in; another target (a Xen host over SSH) is a class
 * implementing this interface, listed in {@code META-INF/services/org.telvirt.hostkit.journal.CommandTarget},
 * so that {@code host restore} can undo its commands whenever that class is on the class path.
 */
public interface CommandTarget {

    /** True when this implementation runs commands for {@code target} (e.g. {@code ssh:root@lab:2222}). */
    boolean accepts(String target);

    /** Runs a command to its end and returns its exit code and its output (stdout and stderr together). */
    Result run(String target, List<String> command) throws IOException, InterruptedException;

    /** A finished command. */
    record Result(int exitCode, String output) {
    }
}
