package org.telvirt.workloads.host;

import java.nio.file.Path;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.journal.KnobJournal;

/**
 * A run in a forked JVM: opens a journal, writes a knob, optionally creates a cgroup and starts a sleeping
 * process inside it, prints READY and waits to be killed or terminated.
 * Arguments: journalDir runId knobFile [cgroupDir].
 */
public final class JournalChild {
    public static void main(String[] args) throws Exception {
        KnobJournal journal = KnobJournal.open(Path.of(args[0]), args[1], System.out);
        journal.write(Path.of(args[2]), "tuned");
        long sleeper = -1;
        if (args.length > 3) {
            Path cgroup = Path.of(args[3]);
            journal.createDirectory(cgroup);
            Process process = journal.start(new ProcessBuilder("sleep", "600"));
            KnobFiles.write(cgroup.resolve("cgroup.procs"), Long.toString(process.pid()));
            sleeper = process.pid();
        }
        System.out.println("READY " + sleeper);
        System.out.flush();
        Thread.sleep(600_000);
    }
}
