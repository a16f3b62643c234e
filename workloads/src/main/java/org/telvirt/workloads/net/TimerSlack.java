package org.telvirt.workloads.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux rounds a sleeping thread's wake-up up by its timer slack (50 us by default), which would
 * show as sender lateness. A thread may lower its own slack through {@code /proc/<tid>/timerslack_ns}
 * without privileges; this is a property of the calling thread, not a system setting.
 */
public final class TimerSlack {
    private static final long TIGHT_SLACK_NANOS = 1_000;

    private TimerSlack() {
    }

    /** Lowers the calling thread's timer slack; returns false where the OS does not offer it. */
    public static boolean tightenForCurrentThread() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            String threadId = self.getFileName().toString();
            Files.writeString(Path.of("/proc", threadId, "timerslack_ns"), Long.toString(TIGHT_SLACK_NANOS));
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
