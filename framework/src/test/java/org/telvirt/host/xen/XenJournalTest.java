package org.telvirt.host.xen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.HostException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XenJournalTest {

    @TempDir
    Path directory;

    private static KnobChange change(String n) {
        return new KnobChange("credit.weight-cap", "media", "weight 256 cap 0", "weight " + n + " cap 0",
                "apply " + n, "undo " + n);
    }

    @Test
    void undoesNewestFirstAndForgetsWhatWasRestored() {
        RecordedDom0 dom0 = new RecordedDom0().silent("undo 1").silent("undo 2");
        Path file = directory.resolve("journal.jsonl");
        XenJournal journal = XenJournal.open(file, dom0, line -> { });

        journal.record(change("1"));
        journal.record(change("2"));
        assertThat(file).content().hasLineCount(2);
        journal.restoreAll();

        assertThat(dom0.executed()).containsExactly("undo 2", "undo 1");
        assertThat(file).doesNotExist();
        assertThat(journal.changes()).isEmpty();
    }

    @Test
    void aRunThatDiedIsRestoredByTheNextOpen() throws Exception {
        Path file = directory.resolve("journal.jsonl");
        XenJournal.open(file, new RecordedDom0(), line -> { }).record(change("1"));
        RecordedDom0 nextRun = new RecordedDom0().silent("undo 1");
        List<String> progress = new ArrayList<>();

        XenJournal.open(file, nextRun, progress::add);

        assertThat(nextRun.executed()).containsExactly("undo 1");
        assertThat(progress).singleElement().asString().contains("did not restore");
        assertThat(file).doesNotExist();
    }

    @Test
    void aJournalOthersCouldHaveWrittenIsNotReplayedOnDom0() throws Exception {
        Path file = directory.resolve("journal.jsonl");
        XenJournal.open(file, new RecordedDom0(), line -> { }).record(change("1"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        RecordedDom0 nextRun = new RecordedDom0();

        assertThatThrownBy(() -> XenJournal.open(file, nextRun, line -> { })).isInstanceOf(HostException.class)
                .hasMessageContaining("is not replayed").hasMessageContaining("writable by others (rw-rw-r--)");
        assertThat(nextRun.executed()).isEmpty();
    }

    @Test
    void aFailingUndoIsKeptAndReportedWhileTheOthersRun() throws Exception {
        RecordedDom0 dom0 = new RecordedDom0().silent("undo 1")
                .failing("undo 2", 1, "xl-sched-credit-d-unknown-domain-error.txt");
        Path file = directory.resolve("journal.jsonl");
        XenJournal journal = XenJournal.open(file, dom0, line -> { });
        journal.record(change("1"));
        journal.record(change("2"));

        assertThatThrownBy(journal::restoreAll).isInstanceOf(HostException.class)
                .hasMessageContaining("left 1 knob(s) changed").hasMessageContaining("invalid domain identifier");
        assertThat(dom0.executed()).containsExactly("undo 2", "undo 1");
        assertThat(Files.readString(file)).contains("undo 2").doesNotContain("undo 1");
    }
}
