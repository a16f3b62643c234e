package org.telvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.telvirt.HostException;
import org.telvirt.InvalidConfigurationException;

/**
 * A window the hypervisor disturbed is measured again, its files kept aside; one that stays disturbed ends the run
 * with every attempt named. Used by every run and by the emulated host's calibration.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class QuietAttemptsTest {
    /** 24 % steal, as a gate run measured on 2026-12-03 right after a calibration. */
    private static final HostDisturbance STOLEN = new HostDisturbance(true, 6_000, 12_000, 2_880, 50, 0, 100);
    private static final HostDisturbance QUIET = new HostDisturbance(true, 6_000, 12_000, 30, 10, 0, 100);

    @TempDir
    Path results;

    private String modeBefore;
    private String attemptsBefore;

    @BeforeEach
    void judgeDisturbances() {
        modeBefore = System.setProperty(HostDisturbance.MODE_PROPERTY, "judge");
        attemptsBefore = System.clearProperty(HostDisturbance.ATTEMPTS_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(HostDisturbance.MODE_PROPERTY, modeBefore);
        restore(HostDisturbance.ATTEMPTS_PROPERTY, attemptsBefore);
    }

    @Test
    void aQuietFirstAttemptIsTheOnlyOne() throws Exception {
        Attempts attempts = new Attempts(QUIET);

        assertThat(QuietAttempts.measure("run", attempts.directory, attempts, attempts).result()).isEqualTo(1);
        assertThat(attempts.voidedSeen).containsExactly(List.of());
    }

    @Test
    void aDisturbedAttemptIsMeasuredAgainAndKeptAsideAndTheNextSaysSo() throws Exception {
        Attempts attempts = new Attempts(STOLEN, QUIET);

        QuietAttempts.Attempted<Integer> kept = QuietAttempts.measure("run", attempts.directory, attempts, attempts);

        assertThat(kept.result()).as("the second, quiet attempt").isEqualTo(2);
        assertThat(kept.disturbance()).isEqualTo(QUIET);
        assertThat(attempts.voidedSeen.get(1)).singleElement().asString().startsWith("attempt 1 of 3 void, steal 24.00 %")
                .contains("kept in " + HostDisturbance.setAsideDirectory(attempts.directory, 1));
        assertThat(HostDisturbance.setAsideDirectory(attempts.directory, 1).resolve("attempt")).hasContent("1");
        assertThat(attempts.directory.resolve("attempt")).as("the run's directory holds the kept attempt").hasContent("2");
        assertThat(attempts.recorded).containsExactly("attempt 1 of 3");
    }

    @Test
    void aHostDisturbedInEveryAttemptEndsTheRunNamingEach() throws Exception {
        Attempts attempts = new Attempts(STOLEN, STOLEN, STOLEN, QUIET);

        assertThatThrownBy(() -> QuietAttempts.measure("run", attempts.directory, attempts, attempts))
                .isInstanceOf(HostException.class).hasMessageContaining("attempt 3 of 3; before it attempt 1 of 3 void,")
                .hasMessageContaining("; attempt 2 of 3 void, ");
        assertThat(attempts.voidedSeen).hasSize(3);
        assertThat(HostDisturbance.setAsideDirectory(attempts.directory, 2)).isDirectory();
        assertThat(attempts.directory.resolve("attempt")).as("the last attempt stays where it ran").hasContent("3");
    }

    @Test
    void theAttemptCountIsAPropertyAndOneMeansNoSecondAttempt() throws Exception {
        System.setProperty(HostDisturbance.ATTEMPTS_PROPERTY, "1");
        Attempts attempts = new Attempts(STOLEN, QUIET);

        assertThatThrownBy(() -> QuietAttempts.measure("run", attempts.directory, attempts, attempts))
                .isInstanceOf(HostException.class).hasMessageEndingWith(" attempt 1 of 1");
    }

    @Test
    void anAttemptCountBelowOneIsAConfigurationError() {
        System.setProperty(HostDisturbance.ATTEMPTS_PROPERTY, "0");

        assertThatThrownBy(HostDisturbance::attempts).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("-Dtelvirt.disturbance.attempts=0");
    }

    @Test
    void inRecordModeADisturbedAttemptIsKept() throws Exception {
        System.setProperty(HostDisturbance.MODE_PROPERTY, "record");
        Attempts attempts = new Attempts(STOLEN, QUIET);

        assertThat(QuietAttempts.measure("run", attempts.directory, attempts, attempts).result()).isEqualTo(1);
    }

    /** Attempts numbered from 1, each writing its number into the run's directory, disturbed as given. */
    private final class Attempts implements QuietAttempts.Attempt<Integer>, QuietAttempts.Disturbed<Integer> {
        final Path directory = results.resolve("run");
        final Deque<HostDisturbance> disturbances;
        final List<List<String>> voidedSeen = new ArrayList<>();
        final List<String> recorded = new ArrayList<>();

        Attempts(HostDisturbance... disturbances) throws IOException {
            this.disturbances = new ArrayDeque<>(List.of(disturbances));
            Files.createDirectories(directory);
        }

        @Override
        public QuietAttempts.Attempted<Integer> measure(List<String> voided) {
            voidedSeen.add(voided);
            int number = voidedSeen.size();
            try {
                Files.writeString(directory.resolve("attempt"), Integer.toString(number));
            } catch (IOException failed) {
                throw new IllegalStateException(failed);
            }
            return new QuietAttempts.Attempted<>(number, disturbances.removeFirst());
        }

        @Override
        public HostException recorded(QuietAttempts.Attempted<Integer> attempted, String attempts) {
            recorded.add(attempts);
            return new HostException(attempts);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
