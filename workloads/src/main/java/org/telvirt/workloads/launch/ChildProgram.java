package org.telvirt.workloads.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telvirt.workloads.cli.HostPort;

/**
 * One of this jar's programs started as a separate JVM, on the current classpath: for the capacity
 * search's media server and for tests that want the real program, not a class inside the test JVM.
 * Its stderr is kept (and optionally echoed); {@link #awaitListening} reads the address a server
 * prints when it is ready; {@link #stop} sends SIGTERM and returns the JSON line it prints last.
 */
public final class ChildProgram implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+?),? ");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private ChildProgram(String name, Process process, PrintStream echo) {
        this.name = name;
        this.process = process;
        stdoutReader = reader(process.getInputStream(), line -> remember(stdout, line));
        stderrReader = reader(process.getErrorStream(), line -> {
            remember(stderr, line);
            if (echo != null) {
                echo.println(name + ": " + line);
            }
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                listening.complete(HostPort.parse(matcher.group(1)));
            }
        });
        process.onExit().thenRun(() -> listening.completeExceptionally(
                new IOException(name + " exited with code " + process.exitValue() + " before it was ready")));
    }

    /**
     * Starts {@code java -cp <this classpath> <entryPoint> <program> <args>}; {@code echo} may be null. The caller
     * names the entry point (the jar's main class), so that this launcher does not depend on the command line it
     * serves.
     */
    public static ChildProgram start(Class<?> entryPoint, String program, List<String> args, PrintStream echo)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // One GC thread, as the framework runs the programs: on a few cores, parallel GC threads compete with the media path.
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(entryPoint.getName());
        command.add(program);
        command.addAll(args);
        return new ChildProgram(program, new ProcessBuilder(command).start(), echo);
    }

    /** Waits for the server's "listening on HOST:PORT" line and returns that address. */
    public InetSocketAddress awaitListening(Duration timeout) throws IOException, InterruptedException {
        try {
            return listening.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(name + " did not start listening within " + timeout + "; its stderr:\n"
                    + String.join("\n", stderr()), e);
        }
    }

    /** SIGTERM, then waits for the exit; returns the last line of stdout (the program's JSON counters). */
    public String stop() throws InterruptedException {
        // Process.destroy() would also close our ends of the pipes and lose the line printed on the way out.
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        stdoutReader.join();
        stderrReader.join();
        List<String> lines = stdout();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Waits for the program to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IOException(name + " still running after " + timeout);
        }
        stdoutReader.join();
        stderrReader.join();
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private static void remember(List<String> lines, String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    private Thread reader(InputStream stream, Consumer<String> onLine) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                remember(stderr, "(output of " + name + " unreadable: " + e.getMessage() + ")");
            }
        }, name + "-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
