package org.telvirt.host.xen;

import java.nio.file.Path;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;

/**
 * A test JVM holding a Xen knob change over a real SSH session: applies it, records it in a journal,
 * prints READY and waits to be stopped. Arguments: port user clientKey knownHosts journal applyCommand
 * undoCommand.
 */
public final class XenJournalChild {
    private XenJournalChild() {
    }

    public static void main(String[] args) throws Exception {
        SshSession dom0 = SshSession.open(SshSettings.of("127.0.0.1", Integer.parseInt(args[0]), args[1], Path.of(args[2]),
                Path.of(args[3])));
        XenJournal journal = XenJournal.open(Path.of(args[4]), dom0, System.out::println);
        dom0.run(args[5]);
        journal.record(new KnobChange("test.knob", "dom0", "original", "tuned", args[5], args[6]));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
