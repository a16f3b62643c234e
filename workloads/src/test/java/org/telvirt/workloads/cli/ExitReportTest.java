package org.telvirt.workloads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telvirt.workloads.Telvirt;
import org.telvirt.workloads.launch.ChildProgram;

/**
 * A run stops a server as soon as it has nothing more for it, which can be the moment the server
 * says it listens: its counters must still be printed (a relay once printed none, the exit hook not
 * yet installed when the SIGTERM came).
 */
@Timeout(120)
class ExitReportTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STOPS_PER_PROGRAM = 2;

    @TempDir
    Path callLog;

    @ParameterizedTest
    @ValueSource(strings = {"relay", "media-server", "signaling-server"})
    void aServerStoppedTheMomentItListensStillPrintsItsCounters(String program) throws Exception {
        for (int stop = 0; stop < STOPS_PER_PROGRAM; stop++) {
            try (ChildProgram server = ChildProgram.start(Telvirt.class, program, arguments(program), null)) {
                server.awaitListening(START_TIMEOUT);
                String last = server.stop();
                assertThat(last).as("%s's last line on stdout after SIGTERM number %d; its stderr: %s", program,
                        stop + 1, server.stderr()).startsWith("{");
                assertThat(new ObjectMapper().readTree(last).isObject()).isTrue();
            }
        }
    }

    private List<String> arguments(String program) {
        switch (program) {
            case "relay":
                return List.of("--route", "127.0.0.1:0=127.0.0.1:9");
            case "signaling-server":
                return List.of("--bind", "127.0.0.1:0", "--call-log", callLog.toString());
            default:
                return List.of("--bind", "127.0.0.1:0");
        }
    }
}
