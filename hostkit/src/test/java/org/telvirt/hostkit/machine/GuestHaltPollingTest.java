package org.telvirt.hostkit.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.hostkit.journal.KnobJournal;

/** Polling is raised through the journal, so a restore gives the machine's own value back; absent, nothing changes. */
class GuestHaltPollingTest {
    @TempDir
    Path dir;

    @Test
    void aGuestThatDoesNotPollPollsUntilTheJournalIsRestored() throws IOException {
        Path parameter = Files.writeString(dir.resolve("guest_halt_poll_ns"), "0\n");
        try (KnobJournal journal = journal()) {
            assertThat(GuestHaltPolling.enable(journal, parameter)).contains("poll up to 200 us", "was 0, restored");
            assertThat(Files.readString(parameter).trim()).isEqualTo("200000");

            assertThat(journal.restore().verified()).isTrue();
        }
        assertThat(Files.readString(parameter).trim()).isEqualTo("0");
    }

    @Test
    void aGuestThatPollsLongerIsLeftAsItIs() throws IOException {
        Path parameter = Files.writeString(dir.resolve("guest_halt_poll_ns"), "500000\n");
        try (KnobJournal journal = journal()) {
            assertThat(GuestHaltPolling.enable(journal, parameter)).contains("already poll up to 500 us");
            assertThat(journal.entries()).isEmpty();
        }
        assertThat(Files.readString(parameter).trim()).isEqualTo("500000");
    }

    @Test
    void aMachineWithoutHaltpollIsSaidSoAndNothingIsJournaled() throws IOException {
        try (KnobJournal journal = journal()) {
            assertThat(GuestHaltPolling.enable(journal, dir.resolve("absent"))).contains("none on this machine");
            assertThat(journal.entries()).isEmpty();
        }
    }

    private KnobJournal journal() throws IOException {
        return KnobJournal.open(dir.resolve("journal"), "polling",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
