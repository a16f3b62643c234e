package org.telvirt.host;

import java.io.IOException;
import org.telvirt.HostException;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;

/** Opening and restoring a knob journal of this machine, with the errors every local host gives alike. */
public final class LocalJournal {
    private static final String RESTORE_BY_HAND = "run `java -jar workloads/target/telvirt.jar host restore`";

    private LocalJournal() {
    }

    /** A new journal, after restoring any a killed run left behind. */
    public static KnobJournal open(String runIdSuffix) {
        try {
            return KnobJournal.open(KnobJournal.newRunId() + "-" + runIdSuffix, System.out);
        } catch (IOException unusable) {
            throw new HostException("cannot open the knob journal in " + KnobJournal.defaultDirectory() + ": "
                    + unusable.getMessage() + " (set -D" + KnobJournal.DIR_PROPERTY + ")", unusable);
        }
    }

    /** Undoes every journaled change, closes the journal and fails unless each read-back matched. */
    public static void restore(KnobJournal journal, String host) {
        RestoreReport report;
        try {
            report = journal.restore();
            journal.close();
        } catch (IOException failed) {
            throw new HostException("restoring the " + host + " failed: " + failed.getMessage() + "; " + RESTORE_BY_HAND,
                    failed);
        }
        if (!report.verified()) {
            throw new HostException("the " + host + " was not fully restored (" + report.failures()
                    + " steps failed; journal " + report.journal() + "): " + RESTORE_BY_HAND);
        }
    }
}
