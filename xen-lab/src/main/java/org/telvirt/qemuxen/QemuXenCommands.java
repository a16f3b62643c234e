package org.telvirt.qemuxen;

import org.telvirt.HostException;
import org.telvirt.host.WorkloadStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Local commands the lab runs on this machine (ip, qemu, the build scripts), each bounded in time. */
final class QemuXenCommands {

    private QemuXenCommands() {
    }

    /** Runs a command, its output appended to {@code log}; throws with the log's tail unless it exits 0. */
    static void run(List<String> command, Path log, long timeoutSeconds) {
        int status = exitStatus(command, log, timeoutSeconds);
        if (status != 0) {
            throw new HostException("'" + String.join(" ", command) + "' exited with " + status + ":\n" + WorkloadStack.tail(log));
        }
    }

    static int exitStatus(List<String> command, Path log, long timeoutSeconds) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new HostException("'" + String.join(" ", command) + "' did not finish within " + timeoutSeconds
                        + " s; killed. Log: " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new HostException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    /** The heavy jobs (image builds, QEMU) share 2 cores with everyone: they run at lower priority. */
    static List<String> nice(List<String> command) {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "10"));
        niced.addAll(command);
        return niced;
    }

    /** Which of these programs are not on the PATH (or at the absolute path given). */
    static List<String> missing(List<String> programs) {
        List<String> missing = new ArrayList<>();
        for (String program : programs) {
            boolean found = program.startsWith("/") ? Files.isExecutable(Path.of(program))
                    : List.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")).stream()
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
            if (!found) {
                missing.add(program);
            }
        }
        return missing;
    }
}
