package org.telvirt.workloads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telvirt.workloads.Telvirt;
import picocli.CommandLine;

/**
 * Every bad flag ends the program with exit code 2 and a message naming the flag and the value.
 * A UDP port is held by the test and handed to the programs as their bind address: had a program
 * opened a socket before checking its flags, it would fail with "address in use" instead.
 */
class FlagValidationTest {
    private static DatagramChannel heldPort;
    private static String held;

    @TempDir
    static Path directory;

    @BeforeAll
    static void holdAPort() throws IOException {
        heldPort = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        held = HostPort.format((InetSocketAddress) heldPort.getLocalAddress());
    }

    @AfterAll
    static void releasePort() throws IOException {
        heldPort.close();
    }

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Telvirt.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    static Stream<Arguments> badFlags() throws IOException {
        String dir = directory.toString();
        Path notAScheduleConfig = Files.writeString(directory.resolve("not-a-config.json"), "{\"domains\": 3}");
        return Stream.of(
                bad("--streams must be between 1 and 100000, got 0",
                        "rtp-client", "--server", held, "--bind", held, "--streams", "0", "--duration", "1s"),
                bad("--receive-threads must be between 0 and 4, got 5", "rtp-client", "--server", held, "--bind", held,
                        "--streams", "10", "--duration", "1s", "--sockets", "4", "--receive-threads", "5"),
                bad("--rt-priority must be between 0 and 99, got 100", "rtp-client", "--server", held, "--bind", held,
                        "--streams", "10", "--duration", "1s", "--rt-priority", "100"),
                bad("'ten' is not a duration", "rtp-client", "--server", held, "--streams", "1", "--duration", "ten"),
                bad("'127.0.0.1' is not HOST:PORT", "rtp-client", "--server", "127.0.0.1", "--streams", "1",
                        "--duration", "1s"),
                bad("--summary must name a file", "rtp-client", "--server", held, "--bind", held, "--streams", "1",
                        "--duration", "1s", "--summary", dir),
                bad("Missing required option: '--duration=D'", "rtp-client", "--server", held, "--streams", "1"),
                bad("Unknown options: '--sockts', '2'\nPossible solutions: --sockets",
                        "rtp-client", "--server", held, "--streams", "1", "--duration", "1s", "--sockts", "2"),
                bad("--server needs a port other than 0", "rtp-client", "--server", "127.0.0.1:0", "--streams", "1",
                        "--duration", "1s"),
                bad("--threads must be between 1 and 256, got 0", "media-server", "--bind", held, "--threads", "0"),
                bad("--work-micros must be between 0.0 and 1000000.0, got -1.0",
                        "media-server", "--bind", held, "--work-micros", "-1"),
                bad("unknown host 'no-such-host.invalid'", "media-server", "--bind", "no-such-host.invalid:5"),
                bad("'" + held + "' is not LISTEN_HOST:PORT=UPSTREAM_HOST:PORT", "relay", "--route", held),
                bad("--coalesce-micros and --coalesce-frames go together, got only --coalesce-micros",
                        "relay", "--route", held + "=127.0.0.1:9", "--coalesce-micros", "40"),
                bad("--coalesce-frames must be between 1 and 1024, got 0", "relay", "--route", held + "=127.0.0.1:9",
                        "--coalesce-micros", "40", "--coalesce-frames", "0"),
                bad("the upstream needs a port other than 0", "relay", "--route", held + "=127.0.0.1:0"),
                bad("the relay must listen on a specific address (e.g. 127.0.0.1), not 0.0.0.0:",
                        "relay", "--route", "0.0.0.0:0=127.0.0.1:9"),
                bad("--work-micros must be between 0.0 and 1.0E7, got -5.0", "signaling-server", "--bind", held,
                        "--work-micros", "-5", "--call-log", dir),
                bad("--calls-per-second must be between 0.01 and 100000.0, got 0.0", "signaling-client",
                        "--server", held, "--calls-per-second", "0", "--duration", "1s"),
                bad("--duty-cycle must be above 0 and at most 1, got 1.5", "cpu-bound", "--duty-cycle", "1.5"),
                bad("--period-ms must be between 1 and 60000, got 0", "cpu-bound", "--period-ms", "0"),
                bad("--start-streams must be between 1 and 20000, got 50000", "capacity", "--start-streams", "50000"),
                bad("--max-p99-millis must be between", "capacity", "--max-p99-millis", "0"),
                bad("--sleep-micros must be between 1 and 1000000, got 0", "host-jitter", "--sleep-micros", "0"),
                bad("--cpus must be between 1 and 4096, got 0", "host-jitter", "--cpus", "0"),
                bad("--gap-threshold-micros must be between 1 and 1000, got 2000", "host-jitter",
                        "--gap-threshold-micros", "2000"),
                bad("--summary must name a file", "host-jitter", "--summary", dir),
                bad("Missing required option: '--config=FILE'", "credit-scheduler"),
                bad("--config " + dir + "/none.json: no such file", "credit-scheduler", "--config", dir + "/none.json"),
                bad("--config " + notAScheduleConfig + ": credit scheduler config " + notAScheduleConfig
                        + " is invalid", "credit-scheduler", "--config", notAScheduleConfig.toString()),
                bad("--rt-priority must be between 0 and 99, got 100", "credit-scheduler", "--config",
                        notAScheduleConfig.toString(), "--rt-priority", "100"),
                bad("--duration-seconds must be between 0.0 and 604800.0, got -1.0", "credit-scheduler", "--config",
                        notAScheduleConfig.toString(), "--duration-seconds", "-1"),
                bad("--journal-dir " + notAScheduleConfig + " is not a directory", "host", "restore", "--journal-dir",
                        notAScheduleConfig.toString()),
                bad("--journal-dir " + notAScheduleConfig + " is not a directory", "host", "status", "--journal-dir",
                        notAScheduleConfig.toString()),
                bad("Unknown option: '--force'", "host", "restore", "--force"));
    }

    private static Arguments bad(String message, String... args) {
        return Arguments.of(message, List.of(args));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFlags")
    void aBadFlagIsAUsageErrorNamingFlagAndValue(String message, List<String> args) {
        Outcome outcome = run(args.toArray(String[]::new));
        String program = String.join(" ", args.stream().takeWhile(arg -> !arg.startsWith("-")).toList());

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(outcome.err()).contains(message).contains("telvirt " + program + ": ")
                .contains("Try 'telvirt " + program + " --help'")
                .doesNotContain("Exception").doesNotContain("already in use");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void everyProgramExplainsItselfWithHelp() {
        List<String> programs = new ArrayList<>(Telvirt.commandLine().getSubcommands().keySet());
        assertThat(programs).contains("media-server", "rtp-client", "relay", "signaling-server", "signaling-client",
                "cpu-bound", "capacity", "host-jitter");
        for (String program : programs) {
            Outcome outcome = run(program, "--help");
            assertThat(outcome.exitCode()).as(program).isZero();
            assertThat(outcome.out()).as(program).contains("Usage: telvirt " + program).contains("--help");
        }
    }

    @Test
    void aRuntimeFailureIsOneLineNamingTheProgram() {
        Outcome outcome = run("relay", "--route", held + "=127.0.0.1:9");

        assertThat(outcome.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(outcome.err().strip()).startsWith("relay: error: cannot listen on").doesNotContain("\n\tat ");
    }
}
