package org.telvirt.workloads.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.telvirt.workloads.io.JsonFiles;

/**
 * For the programs that run until stopped: on SIGTERM or SIGINT (or when an optional time limit
 * passes), stop the program and print its counters as one JSON line on stdout, exactly once.
 * {@link #install} it before the program says it is ready: a SIGTERM that follows the "listening on"
 * line at once must still find the hook, or the counters are lost.
 */
public final class ExitReport {
    private final AutoCloseable stop;
    private final Supplier<?> counters;
    private final PrintStream out;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private ExitReport(AutoCloseable stop, Supplier<?> counters, PrintStream out) {
        this.stop = stop;
        this.counters = counters;
        this.out = out;
    }

    /** Registers the shutdown hook that runs {@code stop} and then prints {@code counters}. */
    public static ExitReport install(AutoCloseable stop, Supplier<?> counters, PrintStream out) {
        ExitReport exitReport = new ExitReport(stop, counters, out);
        Runtime.getRuntime().addShutdownHook(new Thread(exitReport::report, "exit-report"));
        return exitReport;
    }

    /** Blocks until the JVM is asked to stop. */
    public void await() throws InterruptedException {
        await(null);
    }

    /** Blocks until the JVM is asked to stop, or until {@code limit} has passed if it is not null. */
    public void await(Duration limit) throws InterruptedException {
        // the JSON writer's first use loads and links its classes, a fifth of a second of CPU: spent now, while the
        // program waits, not when a run stops every program at once and waits for their reports
        JsonFiles.toLine(counters.get());
        if (limit == null) {
            done.await();
        } else if (!done.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            report();
        }
    }

    private void report() {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        try {
            stop.close();
        } catch (Exception e) {
            System.err.println("error while stopping: " + e.getMessage());
        }
        out.println(JsonFiles.toLine(counters.get()));
        out.flush();
        done.countDown();
    }
}
