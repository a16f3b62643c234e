package org.telvirt.hostkit.journal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What restoring one journal did, step by step, newest entry first. */
public record RestoreReport(Path journal, String runId, boolean leftBehind, List<RestoreStep> steps) {

    public RestoreReport {
        steps = List.copyOf(steps);
    }

    /** True when every step read back the value the journal recorded (an empty journal is verified). */
    public boolean verified() {
        return steps.stream().allMatch(RestoreStep::verified);
    }

    public long failures() {
        return steps.stream().filter(step -> !step.verified()).count();
    }

    /** Prints a headline and one line per step. */
    public void print(PrintStream out) {
        String origin = leftBehind ? "left-behind journal of run " : "journal of run ";
        out.printf("Restored %s%s (%s): %d step(s), %s%n", origin, runId, journal,
                steps.size(), verified() ? "all verified" : failures() + " NOT verified, journal kept");
        steps.forEach(step -> out.println("  " + step));
    }
}
