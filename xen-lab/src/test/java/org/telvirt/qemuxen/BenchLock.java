package org.telvirt.qemuxen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Holds this machine's benchmark lock ({@code flock /tmp/telvirt-bench.lock}, the one every
 * measurement here shares) while a measurement runs: a {@code flock} child keeps it until closed.
 * The flock(1) tool is used because Java's file locks are POSIX locks, which flock(2) does not see.
 * A run started under {@code flock /tmp/telvirt-bench.lock ...} (the machine's rule for heavy runs)
 * already holds it: a second flock on the file would wait for its own run, so none is taken.
 */
final class BenchLock implements AutoCloseable {

    private static final String LOCK_FILE = "/tmp/telvirt-bench.lock";

    /** The flock child that holds the lock; empty when an ancestor of this JVM holds it. */
    private final Optional<Process> holder;

    private BenchLock(Optional<Process> holder) {
        this.holder = holder;
    }

    static BenchLock acquire() throws IOException, InterruptedException {
        if (heldByAnAncestor()) {
            return new BenchLock(Optional.empty());
        }
        Process holder = new ProcessBuilder("flock", "-w", "900", LOCK_FILE, "sh", "-c", "echo locked; exec cat")
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            holder.destroy();
            throw new IOException("could not take " + LOCK_FILE + " within 900 s: " + line);
        }
        return new BenchLock(Optional.of(holder));
    }

    private static boolean heldByAnAncestor() {
        for (Optional<ProcessHandle> process = ProcessHandle.current().parent(); process.isPresent();
                process = process.get().parent()) {
            ProcessHandle.Info info = process.get().info();
            if (info.command().map(command -> command.endsWith("/flock")).orElse(false)
                    && info.arguments().map(arguments -> List.of(arguments).contains(LOCK_FILE)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (holder.isEmpty()) {
            return;
        }
        holder.get().getOutputStream().close();
        if (!holder.get().waitFor(10, TimeUnit.SECONDS)) {
            holder.get().destroyForcibly();
        }
    }
}
