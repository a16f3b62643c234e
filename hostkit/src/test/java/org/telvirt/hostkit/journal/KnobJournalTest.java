package org.telvirt.hostkit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.ProcFs;

/** The journal on ordinary files and processes: record before change, undo in reverse, read back, keep on failure. */
class KnobJournalTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @Test
    void writesAreJournalledBeforeTheyHappenAndRestoredInReverse() throws IOException {
        Path knob = Files.writeString(dir.resolve("knob"), "original\n");
        try (KnobJournal journal = KnobJournal.open(dir.resolve("journal"), "r1", log)) {
            assertThat(journal.write(knob, "first")).isEqualTo("original");
            journal.write(knob, "second");
            assertThat(Files.readString(knob)).isEqualTo("second\n");
            assertThat(Files.readAllLines(journal.file())).hasSize(2)
                    .first().asString().contains("\"kind\":\"file-write\"").contains("\"oldValue\":\"original\"");

            RestoreReport report = journal.restore();

            assertThat(report.verified()).isTrue();
            assertThat(report.steps()).extracting(RestoreStep::before, RestoreStep::after)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("second", "first"),
                            org.assertj.core.groups.Tuple.tuple("first", "original"));
            assertThat(Files.readString(knob).trim()).isEqualTo("original");
            assertThat(journal.entries()).isEmpty();
            assertThat(Files.size(journal.file())).isZero();
        }
        assertThat(dir.resolve("journal").resolve("r1.jsonl")).doesNotExist();
    }

    /** A test's time limit interrupts the thread that provisions and measures; the journal must keep working. */
    @Test
    void anInterruptedThreadStillJournalsAndTheRestoreEmptiesTheJournal() throws IOException {
        Path knob = Files.writeString(dir.resolve("knob"), "original\n");
        KnobJournal journal = KnobJournal.open(dir.resolve("journal"), "interrupted", log);
        Thread.currentThread().interrupt();
        try {
            journal.write(knob, "tuned");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is left for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        journal.write(knob, "tuned again");
        assertThat(Files.readAllLines(journal.file())).hasSize(2);

        journal.close();

        assertThat(Files.readString(knob)).isEqualTo("original\n");
        assertThat(journal.file()).doesNotExist();
    }

    @Test
    void everyKindSurvivesTheJsonRoundTrip() throws IOException {
        List<Undo> undos = List.of(new FileWrite("/a/b", "1", "2"), new DirectoryCreated("/a/c"),
                new ProcessStarted(42, 4242, "sleep 1"),
                new CommandUndo("local", List.of("ethtool", "-C", "eth0", "rx-usecs", "0"),
                        List.of("ethtool", "-c", "eth0"), "rx-usecs: 0"));
        StringBuilder lines = new StringBuilder();
        for (Undo undo : undos) {
            lines.append(KnobJournal.JSON.writeValueAsString(undo)).append('\n');
        }
        assertThat(Journals.parse(dir, lines.toString())).isEqualTo(undos);
        assertThat(lines).contains("\"kind\":\"process-started\"", "\"kind\":\"command\"",
                "\"kind\":\"directory-created\"");
    }

    @Test
    void aTornLastLineIsSkippedButATornMiddleLineIsAnError() throws IOException {
        String good = KnobJournal.JSON.writeValueAsString(new DirectoryCreated("/x"));
        assertThat(Journals.parse(dir, good + "\n{\"kind\":\"file-wr")).hasSize(1);
        assertThatThrownBy(() -> Journals.parse(dir, "{\"kind\":\"file-wr\n" + good + "\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1");
    }

    @Test
    void aJournalLeftBehindIsRestoredWhenTheNextRunOpensAndDeletedOnlyWhenVerified() throws IOException {
        Path journals = Files.createDirectories(dir.resolve("journal"));
        Path knob = Files.writeString(dir.resolve("knob"), "tuned\n");
        Path missing = dir.resolve("missing-knob");
        Files.writeString(journals.resolve("dead-ok.jsonl"),
                KnobJournal.JSON.writeValueAsString(new FileWrite(knob.toString(), "original", "tuned")) + "\n");
        Files.writeString(journals.resolve("dead-bad.jsonl"),
                KnobJournal.JSON.writeValueAsString(new FileWrite(missing.toString(), "original", "tuned")) + "\n");

        try (KnobJournal journal = KnobJournal.open(journals, "r2", log)) {
            assertThat(journal.leftBehindReports()).extracting(RestoreReport::runId, RestoreReport::verified)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dead-bad", false),
                            org.assertj.core.groups.Tuple.tuple("dead-ok", true));
        }
        assertThat(Files.readString(knob).trim()).isEqualTo("original");
        assertThat(journals.resolve("dead-ok.jsonl")).doesNotExist();
        assertThat(journals.resolve("dead-bad.jsonl")).exists();
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("left behind", "dead-ok", "all verified", "NOT verified, journal kept", "the file is missing");
    }

    @Test
    void aProcessIsEndedByItsJournalAndARecycledPidIsNeverSignalled() throws Exception {
        try (KnobJournal journal = KnobJournal.open(dir, "r3", log)) {
            Process sleeper = journal.start(new ProcessBuilder("sleep", "60"));
            Process stubborn = journal.start(new ProcessBuilder("sh", "-c", "trap '' TERM; while :; do sleep 0.05; done"));
            Process bystander = new ProcessBuilder("sleep", "60").start();
            long realStart = ProcFs.startTicks(bystander.pid()).orElseThrow();
            journal.append(new ProcessStarted(bystander.pid(), realStart - 1, "an earlier process with this pid"));
            Thread.sleep(100);

            RestoreReport report = journal.restore();

            assertThat(report.verified()).isTrue();
            assertThat(report.steps()).extracting(RestoreStep::detail)
                    .containsExactly("already ended; its pid now belongs to another process, left alone",
                            "ended by SIGKILL", "ended by SIGTERM");
            assertThat(sleeper.waitFor(2, TimeUnit.SECONDS)).isTrue();
            assertThat(stubborn.waitFor(2, TimeUnit.SECONDS)).isTrue();
            assertThat(bystander.isAlive()).isTrue();
            bystander.destroyForcibly();
        }
    }

    @Test
    void aCommandIsUndoneByItsUndoCommandAndVerifiedByItsReadBack() throws IOException {
        Path file = Files.writeString(dir.resolve("setting"), "rx-usecs 0\n");
        try (KnobJournal journal = KnobJournal.open(dir, "r4", log)) {
            journal.run(LocalCommands.TARGET, List.of("sh", "-c", "echo rx-usecs 40 > " + file),
                    List.of("sh", "-c", "echo rx-usecs 0 > " + file), List.of("cat", file.toString()));
            assertThat(Files.readString(file)).isEqualTo("rx-usecs 40\n");
            RestoreReport report = journal.restore();
            assertThat(report.verified()).isTrue();
            assertThat(report.steps().get(0).before()).isEqualTo("rx-usecs 40");
            assertThat(report.steps().get(0).after()).isEqualTo("rx-usecs 0");
        }
    }

    @Test
    void aFailingCommandOrAnUnknownTargetIsAClearError() throws IOException {
        try (KnobJournal journal = KnobJournal.open(dir, "r5", log)) {
            assertThatThrownBy(() -> journal.run(LocalCommands.TARGET, List.of("sh", "-c", "echo nope; exit 3"),
                    List.of("true"), List.of()))
                    .isInstanceOf(IOException.class).hasMessageContaining("exit 3").hasMessageContaining("nope");
            assertThatThrownBy(() -> journal.run("ssh:root@lab", List.of("true"), List.of("true"), List.of()))
                    .isInstanceOf(IOException.class).hasMessageContaining("no CommandTarget")
                    .hasMessageContaining("ssh:root@lab");
        }
    }

    @Test
    void runIdsAreCheckedAndTwoRunsCannotShareAFile() throws IOException {
        assertThatThrownBy(() -> KnobJournal.open(dir, "../escape", log))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
        try (KnobJournal first = KnobJournal.open(dir, "same", log)) {
            assertThatThrownBy(() -> KnobJournal.open(dir, "same", log)).isInstanceOf(IOException.class);
            assertThat(Journals.list(dir)).singleElement()
                    .satisfies(status -> assertThat(status.alive()).isTrue());
        }
    }
}
