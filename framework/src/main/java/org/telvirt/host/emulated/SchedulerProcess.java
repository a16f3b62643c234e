package org.telvirt.host.emulated;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.telvirt.HostException;
import org.telvirt.host.Programs;
import org.telvirt.host.WorkloadStack;
import org.telvirt.workloads.host.CreditSchedulerCommand;

/**
 * The credit scheduler kept running across configurations ({@code credit-scheduler --commands}): each
 * configuration's knobs reach it as {@code start FILE}, and its end as {@code stop}, which prints that
 * configuration's statistics. Its JVM starts and compiles once; a configuration's knobs then take effect within
 * milliseconds, where a new process took a JVM's start-up and C1's first second.
 */
final class SchedulerProcess {
    /** The credit scheduler's loop preempts everything else, as Xen's scheduler runs beneath its guests. */
    private static final String RT_PRIORITY = "50";
    /** How long a start or a stop may take: a JVM's start-up on a loaded 2-CPU machine, with room. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final long STOP_PATIENCE_MILLIS = 5_000;

    private final Process process;
    private final Path log;
    private final List<String> taskset;

    private SchedulerProcess(Process process, Path log, List<String> taskset) {
        this.process = process;
        this.log = log;
        this.taskset = List.copyOf(taskset);
    }

    /**
     * Starts the scheduler on {@code config}, outside the host's CPUs ({@code taskset}, empty for none), and waits
     * until it schedules; {@code start} journals the process.
     */
    static SchedulerProcess start(ProcessStarter start, List<String> taskset, Path config, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(taskset);
        command.addAll(Programs.compiledForRealTime(Programs.command("credit-scheduler",
                List.of("--config", config.toString(), "--rt-priority", RT_PRIORITY, "--commands"))));
        SchedulerProcess scheduler = new SchedulerProcess(start.start(new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile())), log, taskset);
        scheduler.awaitScheduling(0, config);
        return scheduler;
    }

    /** How a process is started and journaled. */
    @FunctionalInterface
    interface ProcessStarter {
        Process start(ProcessBuilder builder) throws IOException;
    }

    /** The {@code taskset} prefix it runs under: a configuration that puts the host on other CPUs needs another. */
    List<String> taskset() {
        return taskset;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Schedules the configuration in {@code config} from now on, and returns once it does. */
    void schedule(Path config) throws IOException {
        long from = Files.size(log);
        command(CreditSchedulerCommand.START_COMMAND + config);
        awaitScheduling(from, config);
    }

    private void awaitScheduling(long from, Path config) {
        String answer = await(from, line -> line.startsWith(CreditSchedulerCommand.SCHEDULING)
                || line.startsWith(CreditSchedulerCommand.CANNOT_SCHEDULE), "to schedule " + config);
        if (answer.startsWith(CreditSchedulerCommand.CANNOT_SCHEDULE)) {
            throw new HostException(answer);
        }
    }

    /** Ends the current configuration's schedule (every domain thawed) and returns its statistics line. */
    String finish() throws IOException {
        long from = Files.size(log);
        command(CreditSchedulerCommand.STOP_COMMAND);
        return await(from, line -> line.startsWith("{"), "to print its statistics");
    }

    /** Ends the process; its exit thaws every domain. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_PATIENCE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void command(String line) throws IOException {
        if (!process.isAlive()) {
            throw new HostException("the credit scheduler exited with " + process.exitValue() + ": "
                    + WorkloadStack.tail(log));
        }
        OutputStream commands = process.getOutputStream();
        commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    /** Waits for a whole line of the log, from byte {@code from} on, that {@code wanted} accepts. */
    private String await(long from, Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = EmulatedRun.lastLine(log, from, wanted);
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new HostException("the credit scheduler exited with " + process.exitValue() + " before it was"
                        + " ready " + what + ": " + WorkloadStack.tail(log));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new HostException("interrupted while waiting for the credit scheduler " + what);
            }
        }
        throw new HostException("the credit scheduler was not ready " + what + " within " + PATIENCE.toSeconds()
                + " s: " + WorkloadStack.tail(log));
    }
}
