package org.telvirt.workloads.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.telvirt.hostkit.cgroup.HostNotReadyException;
import org.telvirt.hostkit.credit.CreditEnforcer;
import org.telvirt.hostkit.credit.CreditSchedulerConfig;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.net.RealTimeThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code telvirt credit-scheduler --config FILE}: Xen's credit scheduler over cgroups, as its own process. On
 * SIGTERM (or after {@code --duration-seconds}) it thaws every domain, gives each its whole affinity back and
 * prints one JSON line of statistics ({@link org.telvirt.hostkit.credit.EnforcerReport}) on stdout. With
 * {@code --commands} it stays up across configurations, each one's knobs a {@code start FILE} on stdin and its end a
 * {@code stop}, which prints that configuration's statistics.
 */
@Command(name = "credit-scheduler", mixinStandardHelpOptions = true,
        description = "Schedule the emulated domains' cgroups slice by slice like Xen's credit scheduler; "
                + "stop with SIGTERM to get one JSON line of statistics.")
public final class CreditSchedulerCommand implements Callable<Integer> {
    static final String LOOP_THREAD = "credit-enforcer";
    /** With {@code --commands}: schedule the configuration in the file that follows. */
    public static final String START_COMMAND = "start ";
    /** With {@code --commands}: finish the current configuration's schedule. */
    public static final String STOP_COMMAND = "stop";
    /** What it says on stderr once a configuration's loop runs at its priority, before the domain count. */
    public static final String SCHEDULING = "credit-scheduler: scheduling ";
    /** What it says on stderr when a configuration given by {@code start} cannot be scheduled. */
    public static final String CANNOT_SCHEDULE = "credit-scheduler: cannot schedule ";
    /**
     * HotSpot's C1 compiler threads (their names as the kernel keeps them): the loop runs interpreted, at real-time
     * priority, until C1 has compiled it, so the compiler must not wait behind the domains' CPU hogs.
     */
    private static final String C1_COMPILER_THREAD = "C1 CompilerThre";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The JSON configuration.")
    Path config;

    @Option(names = "--rt-priority", paramLabel = "N", defaultValue = "0",
            description = "Run the scheduling loop (only that thread, and the C1 compiler threads that compile it) at"
                    + " SCHED_FIFO priority N; 0 keeps the default.")
    int rtPriority;

    @Option(names = "--duration-seconds", paramLabel = "S", defaultValue = "0",
            description = "Stop by itself after S seconds; 0 runs until SIGTERM.")
    double durationSeconds;

    @Option(names = "--trace", description = "Print every scheduling change on stderr (for diagnosis; costs CPU).")
    boolean trace;

    @Option(names = "--commands",
            description = "Keep running across configurations, reading one command a line on stdin: 'stop' finishes"
                    + " the current schedule (every domain thawed on its whole affinity, one JSON line of its"
                    + " statistics on stdout); 'start FILE' finishes it too and schedules the configuration in FILE"
                    + " (its domains' cgroups must exist). The end of stdin finishes and exits, as SIGTERM does.")
    boolean commands;

    /** The schedule running now: one configuration's enforcer and its loop; null between configurations. */
    private Schedule current;

    /** One configuration's enforcer, its loop thread, and whether its statistics were printed. */
    private record Schedule(CreditEnforcer enforcer, Thread loop, AtomicBoolean reported) {
    }

    @Override
    public Integer call() throws Exception {
        Checks checks = new Checks(spec)
                .range("--rt-priority", rtPriority, 0, RealTimeThreads.MAX_PRIORITY)
                .range("--duration-seconds", durationSeconds, 0, 7 * 24 * 3600)
                .require(Files.isRegularFile(config), "--config " + config + ": no such file")
                .require(!commands || durationSeconds == 0, "--commands and --duration-seconds exclude each other");
        CreditSchedulerConfig settings;
        try {
            settings = CreditSchedulerConfig.read(config);
        } catch (IOException | IllegalArgumentException e) {
            throw checks.fail("--config " + config + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::finishCurrent, "credit-scheduler-stop"));
        try {
            schedule(settings);
        } catch (HostNotReadyException e) {
            System.err.println("credit-scheduler: " + e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("credit-scheduler: " + e.getFile() + " does not exist: are the domains' cgroups created?");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("credit-scheduler: " + e.getMessage());
            return 2;
        }
        if (commands) {
            serveCommands();
        } else if (durationSeconds > 0) {
            current.loop.join(Math.round(durationSeconds * 1000));
            finishCurrent();
        } else {
            current.loop.join();
        }
        return 0;
    }

    /**
     * Starts scheduling one configuration; says so on stderr ("credit-scheduler: N domains on ...") once its loop runs
     * at its priority, which an owner waits for before it measures.
     */
    private synchronized void schedule(CreditSchedulerConfig settings) throws IOException, InterruptedException {
        CreditEnforcer enforcer = new CreditEnforcer(settings);
        if (trace) {
            enforcer.traceTo(System.err);
        }
        Thread loop = new Thread(() -> {
            try {
                enforcer.run();
            } catch (IOException e) {
                System.err.println("credit-scheduler: stopped: " + e.getMessage());
            }
        }, LOOP_THREAD);
        current = new Schedule(enforcer, loop, new AtomicBoolean());
        loop.start();
        if (rtPriority > 0) {
            RealTimeThreads.raise(Set.of(LOOP_THREAD, C1_COMPILER_THREAD), rtPriority);
        }
        System.err.printf(SCHEDULING + "%d domains on %d logical pCPUs, logical -> physical %s%n",
                settings.domains().size(), settings.logicalPcpus(), settings.logicalToPhysical());
    }

    /**
     * The owner's commands, until stdin ends: a scheduler kept across configurations keeps its JVM warm (started and
     * compiled once), so a configuration's knobs take effect in milliseconds instead of a JVM's start-up.
     */
    private void serveCommands() throws IOException, InterruptedException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String command = line.trim();
            if (command.equals(STOP_COMMAND)) {
                finishCurrent();
            } else if (command.startsWith(START_COMMAND)) {
                finishCurrent();
                Path file = Path.of(command.substring(START_COMMAND.length()).trim());
                try {
                    schedule(CreditSchedulerConfig.read(file));
                } catch (IOException | IllegalArgumentException e) {
                    System.err.println(CANNOT_SCHEDULE + file + ": " + e.getMessage());
                }
            } else if (!command.isEmpty()) {
                System.err.println("credit-scheduler: unknown command '" + command + "' (" + START_COMMAND + "FILE, "
                        + STOP_COMMAND + ")");
            }
        }
        finishCurrent();
    }

    /** Finishes the current schedule, if any: every domain thawed, its statistics printed once. */
    private synchronized void finishCurrent() {
        Schedule finishing = current;
        if (finishing == null || !finishing.reported.compareAndSet(false, true)) {
            return;
        }
        current = null;
        finishing.enforcer.stop();
        try {
            finishing.loop.join(5_000);
            finishing.enforcer.close();
            System.out.println(new ObjectMapper().writeValueAsString(finishing.enforcer.report()));
            System.out.flush();
        } catch (IOException e) {
            System.err.println("credit-scheduler: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
