package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telvirt.Configuration;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.BootedHost;
import org.telvirt.host.HostProfiles;
import org.telvirt.host.HostRun;
import org.telvirt.host.Measurement;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.knob.Tuning;

/**
 * On the real emulated host: three configurations on one set of domains. A weight change keeps the servers and the
 * relay; coalescing restarts the relay alone; each run gets its own relay counters and its part of the logs; closing
 * the domains leaves no program behind.
 */
class RunningDomainsOnCgroupsTest {
    private static final Workload SMALL = new Workload(10, 1, 1, 0, 2, 2, 60, 1);
    private static final String PROGRAMS = "org.telvirt.workloads.Telvirt";
    /** 10 streams of 50 packets a second for the warm-up and the measured second, there and back. */
    private static final long PACKETS_THROUGH_THE_RELAY = 10 * 50 * 2 * 2;
    /** 2 calls a second for up to 4 s (the signaling client's extra seconds), 9 messages each. */
    private static final long SIGNALING_MESSAGES = 2 * 4 * 9;

    @Test
    void weightsKeepEveryProgramCoalescingRestartsOnlyTheRelay(@TempDir Path results) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root");
        EmulatedHost host = new EmulatedHost(HostProfiles.load("emulated"), SchedulerMode.CREDIT);
        BootedHost domains = host.boot(Files.createDirectories(results.resolve("domains")));
        try {
            JsonNode defaults = run(domains, "D", Tuning.DEFAULTS, results);
            long mediaServer = pidOf("media-server");
            long signalingServer = pidOf("signaling-server");
            long relay = pidOf("relay");
            long cpuBound = pidOf("cpu-bound");

            JsonNode weighted = run(domains, "2.1", Tuning.builder().weight(Role.DOM0, 1024).build(), results);
            assertThat(List.of(pidOf("media-server"), pidOf("signaling-server"), pidOf("relay"), pidOf("cpu-bound")))
                    .containsExactly(mediaServer, signalingServer, relay, cpuBound);
            assertThat(weighted.get("notes").toString()).contains("kept running from the configuration before");

            JsonNode coalescing = run(domains, "10.1", Tuning.builder().coalesce(40, 3).build(), results);
            assertThat(pidOf("media-server")).isEqualTo(mediaServer);
            assertThat(pidOf("relay")).isNotEqualTo(relay);
            assertThat(coalescing.get("notes").toString()).contains("the Dom0 relay restarted");

            for (JsonNode run : List.of(defaults, weighted, coalescing)) {
                JsonNode counters = new ObjectMapper().readTree(run.get("relay").asText());
                assertThat(counters.get("flows").asLong()).as("the measured clients' 8 + 1 sockets, no warm-up's")
                        .isEqualTo(8 + 1);
                assertThat(counters.get("forwarded").asLong()).as("one window's packets, not the runs' before")
                        .isBetween(PACKETS_THROUGH_THE_RELAY / 2, PACKETS_THROUGH_THE_RELAY + SIGNALING_MESSAGES);
                assertThat(run.get(MediaRun.CREDIT_SCHEDULER_STATISTICS)).isNotNull();
            }
            assertThat(results.resolve("2.1").resolve("media-server.log")).exists();
            assertThat(results.resolve("2.1").resolve("signaling-server.log")).exists();
            assertThat(results.resolve("2.1").resolve("signaling-summary.json")).exists();
        } finally {
            domains.close();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(process -> ProcFs.commandLine(process.pid()))).noneMatch(line -> line.contains(PROGRAMS));
    }

    /** Runs one configuration; its notes and host statistics as one JSON object. */
    private static JsonNode run(BootedHost domains, String id, Tuning tuning, Path results) throws Exception {
        Path directory = Files.createDirectories(results.resolve(id));
        try (HostRun run = domains.provision(Configuration.single(id, tuning, SMALL), directory)) {
            Measurement measurement = run.measure(SMALL, directory);
            ObjectMapper json = new ObjectMapper();
            var record = json.createObjectNode();
            record.set("notes", json.valueToTree(run.notes()));
            measurement.hostStatistics().forEach(record::put);
            return record;
        }
    }

    /** The one program of this JVM's running {@code telvirt.jar} subcommand {@code program}. */
    private static long pidOf(String program) {
        List<Long> pids = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .filter(pid -> ProcFs.commandLine(pid).contains(PROGRAMS + " " + program + " ")).toList();
        assertThat(pids).as(program).hasSize(1);
        return pids.get(0);
    }
}
