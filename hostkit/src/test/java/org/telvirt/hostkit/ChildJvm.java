package org.telvirt.hostkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A forked JVM running a test helper's main method, with its output lines readable one by one. */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main} with this JVM's class path and the given system properties and arguments. */
    public static ChildJvm start(Class<?> main, List<String> systemProperties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    public Process process() {
        return process;
    }

    /** Reads output lines until one starts with {@code prefix}; fails when the child ends first. */
    public String awaitLine(String prefix) throws IOException {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child ended before printing '" + prefix + "'; it printed:\n" + seen);
    }

    /** Everything the child prints until it ends (within the timeout). */
    public String remainingOutput(Duration timeout) throws IOException, InterruptedException {
        StringBuilder rest = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            rest.append(line).append('\n');
        }
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return rest.toString();
    }

    /** Kills the child (if it still runs) and waits for it to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
