package org.telvirt.workloads.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * prints one JSON line of statistics ({@link org.telvirt.hostkit.credit.EnforcerReport}) on stdout.
 */
@Command(name = "credit-scheduler", mixinStandardHelpOptions = true,
        description = "Schedule the emulated domains' cgroups slice by slice like Xen's credit scheduler; "
                + "stop with SIGTERM to get one JSON line of statistics.")
public final class CreditSchedulerCommand implements Callable<Integer> {
    static final String LOOP_THREAD = "credit-enforcer";
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

    @Override
    public Integer call() throws Exception {
        Checks checks = new Checks(spec)
                .range("--rt-priority", rtPriority, 0, RealTimeThreads.MAX_PRIORITY)
                .range("--duration-seconds", durationSeconds, 0, 7 * 24 * 3600)
                .require(Files.isRegularFile(config), "--config " + config + ": no such file");
        CreditSchedulerConfig settings;
        try {
            settings = CreditSchedulerConfig.read(config);
        } catch (IOException | IllegalArgumentException e) {
            throw checks.fail("--config " + config + ": " + e.getMessage());
        }
        CreditEnforcer enforcer;
        try {
            enforcer = new CreditEnforcer(settings);
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
        if (trace) {
            enforcer.traceTo(System.err);
        }
        AtomicBoolean reported = new AtomicBoolean();
        Thread loop = new Thread(() -> {
            try {
                enforcer.run();
            } catch (IOException e) {
                System.err.println("credit-scheduler: stopped: " + e.getMessage());
            }
        }, LOOP_THREAD);
        Thread onTerm = new Thread(() -> finish(enforcer, loop, reported), "credit-scheduler-stop");
        Runtime.getRuntime().addShutdownHook(onTerm);
        loop.start();
        if (rtPriority > 0) {
            RealTimeThreads.raise(Set.of(LOOP_THREAD, C1_COMPILER_THREAD), rtPriority);
        }
        System.err.printf("credit-scheduler: %d domains on %d logical pCPUs, logical -> physical %s%n",
                settings.domains().size(), settings.logicalPcpus(), settings.logicalToPhysical());
        if (durationSeconds > 0) {
            loop.join(Math.round(durationSeconds * 1000));
            finish(enforcer, loop, reported);
        } else {
            loop.join();
        }
        return 0;
    }

    private static void finish(CreditEnforcer enforcer, Thread loop, AtomicBoolean reported) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        enforcer.stop();
        try {
            loop.join(5_000);
            enforcer.close();
            System.out.println(new ObjectMapper().writeValueAsString(enforcer.report()));
            System.out.flush();
        } catch (IOException e) {
            System.err.println("credit-scheduler: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
