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
 */
public final class ExitReport {
    private ExitReport() {
    }

    /** Blocks until the JVM is asked to stop; {@code stop} runs first, then {@code counters} is printed. */
    public static void awaitTermination(AutoCloseable stop, Supplier<?> counters, PrintStream out)
            throws InterruptedException {
        awaitTermination(stop, counters, out, null);
    }

    /** As {@link #awaitTermination(AutoCloseable, Supplier, PrintStream)}, but also ends after {@code limit} if not null. */
    public static void awaitTermination(AutoCloseable stop, Supplier<?> counters, PrintStream out, Duration limit)
            throws InterruptedException {
        AtomicBoolean reported = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runnable report = () -> {
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
        };
        Runtime.getRuntime().addShutdownHook(new Thread(report, "exit-report"));
        // the JSON writer's first use loads and links its classes, a fifth of a second of CPU: spent now, while the
        // program waits, not when a run stops every program at once and waits for their reports
        JsonFiles.toLine(counters.get());
        if (limit == null) {
            done.await();
        } else if (!done.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            report.run();
        }
    }
}
