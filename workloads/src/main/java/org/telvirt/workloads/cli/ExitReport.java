package org.telvirt.workloads.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * For the servers that run until stopped: on SIGTERM or SIGINT, stop the server and print its
 * counters as one JSON line on stdout, then let the JVM exit.
 */
public final class ExitReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExitReport() {
    }

    /** Blocks until the JVM is asked to stop; {@code stop} runs first, then {@code counters} is printed. */
    public static void awaitTermination(AutoCloseable stop, Supplier<?> counters, PrintStream out) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e.getMessage());
            }
            out.println(toJson(counters.get()));
            out.flush();
            done.countDown();
        }, "exit-report"));
        done.await();
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
