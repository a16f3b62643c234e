package org.telvirt.hostkit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal is replayed as the user who restores (root, for cgroups): its file writes could change
 * any file. Only a journal that user alone could have written is replayed, and journals are made so.
 */
class UntrustedJournalTest {
    @TempDir
    Path directory;

    @Test
    void aJournalOthersCouldWriteIsNotReplayedAndItsFileIsLeftAlone() throws Exception {
        Path journals = Files.createDirectories(directory.resolve("journal"));
        Path target = Files.writeString(directory.resolve("precious"), "kept\n");
        Path planted = Files.writeString(journals.resolve("planted.jsonl"), KnobJournal.JSON.writeValueAsString(
                new FileWrite(target.toString(), "overwritten", "kept")) + "\n");
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        List<RestoreReport> reports = Journals.restoreLeftBehind(journals, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(reports).singleElement().satisfies(report -> assertThat(report.verified()).isFalse());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT replaying journal " + planted)
                .contains("writable by others (rw-rw-rw-)");
        assertThat(target).hasContent("kept");
        assertThat(planted).exists();
    }

    @Test
    void aJournalInADirectoryOthersCanWriteIsNotReplayed() throws Exception {
        Path journals = Files.createDirectories(directory.resolve("shared"));
        Files.setPosixFilePermissions(journals, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = Files.writeString(directory.resolve("precious"), "kept\n");
        Files.writeString(journals.resolve("planted.jsonl"), KnobJournal.JSON.writeValueAsString(
                new FileWrite(target.toString(), "overwritten", "kept")) + "\n");

        Journals.restoreLeftBehind(journals, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(target).hasContent("kept");
    }

    @Test
    void journalsAreCreatedPrivate() throws Exception {
        Path journals = directory.resolve("new/journal");
        try (KnobJournal journal = KnobJournal.open(journals, "private", System.out)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journals))).isEqualTo("rwx------");
            assertThat(Journals.notPrivate(journal.file())).isEmpty();
        }
    }
}
