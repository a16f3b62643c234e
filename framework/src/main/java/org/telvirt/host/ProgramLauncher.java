package org.telvirt.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts one workload program inside a domain: plainly on a native host, inside the domain's
 * cgroups on the emulated host. The program's output goes to {@code log}.
 */
@FunctionalInterface
public interface ProgramLauncher {
    /** The pseudo-domain of the RTP clients: outside every domain, like the paper's client PCs. */
    String CLIENTS = "clients";

    Process start(String domain, List<String> command, Path log) throws IOException;

    /** Starts programs as plain child processes, whatever their domain. */
    ProgramLauncher PLAIN = (domain, command, log) -> startPlain(command, log);

    static Process startPlain(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
