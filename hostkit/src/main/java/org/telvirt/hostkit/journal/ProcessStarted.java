package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.util.Optional;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.Freezer;
import org.telvirt.hostkit.ProcFs;

/**
 * A process was started: undone by ending it, SIGTERM first and SIGKILL after a grace period. The start time
 * recorded with the pid guarantees that a recycled pid is never signalled; a process in a frozen cgroup is
 * thawed first, because it cannot die while frozen.
 */
public record ProcessStarted(long pid, long startTicks, String command) implements Undo {
    static final String KIND = "process-started";
    private static final long TERM_GRACE_MILLIS = 2_000;
    private static final long KILL_PATIENCE_MILLIS = 2_000;

    @Override
    public RestoreStep undo() {
        String target = "pid " + pid + " (" + command + ")";
        if (!ProcFs.isRunning(pid, startTicks)) {
            boolean reused = ProcFs.startTicks(pid).isPresent() && ProcFs.startTicks(pid).getAsLong() != startTicks;
            return RestoreStep.verified(KIND, target, "exited", "exited",
                    reused ? "already ended; its pid now belongs to another process, left alone" : "already ended");
        }
        StringBuilder detail = new StringBuilder();
        try {
            Optional<java.nio.file.Path> freezer = Freezer.cgroupOf(pid, CgroupMounts.current());
            if (freezer.isPresent() && Freezer.thaw(freezer.get())) {
                detail.append("thawed ").append(freezer.get()).append("; ");
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            if (awaitEnd(TERM_GRACE_MILLIS)) {
                detail.append("ended by SIGTERM");
            } else {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                detail.append(awaitEnd(KILL_PATIENCE_MILLIS) ? "ended by SIGKILL" : "survived SIGKILL");
            }
        } catch (IOException e) {
            detail.append(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail.append("interrupted");
        }
        return ProcFs.isRunning(pid, startTicks)
                ? RestoreStep.failed(KIND, target, "running", "running", detail.toString())
                : RestoreStep.verified(KIND, target, "running", "exited", detail.toString());
    }

    private boolean awaitEnd(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (ProcFs.isRunning(pid, startTicks)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
