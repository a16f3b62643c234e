package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/** The built-in {@code local} command target, and the lookup of every other one. */
public final class LocalCommands implements CommandTarget {
    public static final String TARGET = "local";
    private static final long TIMEOUT_SECONDS = 60;

    @Override
    public boolean accepts(String target) {
        return TARGET.equals(target);
    }

    @Override
    public Result run(String target, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
    }

    /** The target that runs commands for {@code target}: local, or one found by {@link ServiceLoader}. */
    static CommandTarget forTarget(String target) throws IOException {
        LocalCommands local = new LocalCommands();
        if (local.accepts(target)) {
            return local;
        }
        for (CommandTarget candidate : ServiceLoader.load(CommandTarget.class)) {
            if (candidate.accepts(target)) {
                return candidate;
            }
        }
        throw new IOException("no CommandTarget on the class path accepts '" + target + "'");
    }
}
