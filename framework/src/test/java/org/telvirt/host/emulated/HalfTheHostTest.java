package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.Workload;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.HostRun;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.knob.Tuning;

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

    private static Optional<String> allowedCpusOfTheScheduler() {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> ProcFs.commandLine(pid).contains("credit-scheduler"))
                .flatMap(pid -> ProcFs.readIfExists(Path.of("/proc", Long.toString(pid), "status")).stream())
                .flatMap(String::lines).filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
    }
}
