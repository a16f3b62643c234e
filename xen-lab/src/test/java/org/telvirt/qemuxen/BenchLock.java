package org.telvirt.qemuxen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Holds this machine's benchmark lock ({@code flock /tmp/telvirt-bench.lock}, the one every
 * measurement here shares) while a measurement runs: a {@code flock} child keeps it until closed.
 * The flock(1) tool is used because Java's file locks are POSIX locks, which flock(2) does not see.
 */
final class BenchLock implements AutoCloseable {

    private final Process holder;

    private BenchLock(Process holder) {
        this.holder = holder;
    }

    static BenchLock acquire() throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("flock", "-w", "900", "/tmp/telvirt-bench.lock", "sh", "-c", "echo locked; exec cat")
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            holder.destroy();
            throw new IOException("could not take /tmp/telvirt-bench.lock within 900 s: " + line);
        }
        return new BenchLock(holder);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        holder.getOutputStream().close();
        if (!holder.waitFor(10, TimeUnit.SECONDS)) {
            holder.destroyForcibly();
        }
    }
}
