package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.Tuning;
import org.telvirt.Workload;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.HostRun;

/** On the real emulated host: 2 of the profile's 4 cores are CPU 0 alone, and the credit scheduler runs on CPU 1. */
class HalfTheHostTest {
    private static final Workload SMALL = new Workload(10, 1, 1, 0, 2, 0, 60, 0);

    @Test
    void twoCoresAreTheFirstCpuAndTheSchedulerRunsOffIt(@TempDir Path results) throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() == 2, "folds 4 cores onto exactly 2 CPUs");
        EmulatedHost host = new EmulatedHost(HostProfiles.load("emulated"), SchedulerMode.CREDIT);
        Configuration twoCores = Configuration.single("2 cores", Tuning.builder().cores(2).build(), SMALL);

        try (HostRun run = host.provision(twoCores, results)) {
            assertThat(run.notes()).anySatisfy(note -> assertThat(note).contains("2 logical cores on CPU 0: 0,1 -> 0"))
                    .anySatisfy(note -> assertThat(note).contains("the clients and the credit scheduler run on CPU 1"));
            assertThat(allowedCpusOfTheScheduler()).contains("1");
        }
    }

    private static Optional<String> allowedCpusOfTheScheduler() throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> commandLine(p).contains("credit-scheduler"))
                    .map(HalfTheHostTest::allowedCpus).flatMap(Optional::stream).findFirst();
        }
    }

    private static String commandLine(Path process) {
        try {
            return Files.readString(process.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException ended) {
            return "";
        }
    }

    private static Optional<String> allowedCpus(Path process) {
        try (Stream<String> status = Files.lines(process.resolve("status"))) {
            return status.filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException ended) {
            return Optional.empty();
        }
    }
}
