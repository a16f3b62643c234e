package org.telvirt.host.nativehost;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telvirt.Configuration;
import org.telvirt.Workload;
import org.telvirt.host.Host;
import org.telvirt.host.HostCapability;
import org.telvirt.host.HostProfile;
import org.telvirt.host.HostRun;
import org.telvirt.host.LocalJournal;
import org.telvirt.host.Measurement;
import org.telvirt.host.ProgramLauncher;
import org.telvirt.host.WorkloadStack;
import org.telvirt.host.generators.ProfileGenerators;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.knob.AppliedKnob;

/**
 * No domains, no Dom0, no knobs: the servers and the clients are plain processes sharing this
 * machine's scheduler, as native Linux ran them in the paper.
 */
final class NativeHost implements Host {
    private final HostProfile profile;

    NativeHost(HostProfile profile) {
        this.profile = profile;
    }

    @Override
    public HostProfile profile() {
        return profile;
    }

    @Override
    public List<String> validate(Configuration configuration) {
        return configuration.tuning().describe().keySet().stream()
                .map(knob -> "configuration " + configuration.id() + ": knob '" + knob
                        + "' cannot be set on the native host, which has no hypervisor (choose another -Dtelvirt.host)")
                .toList();
    }

    @Override
    public Optional<String> unsupportedReason(Configuration configuration) {
        return Optional.empty();
    }

    /** Native Linux is column N, every finding's reference: it has no hypervisor to judge. */
    @Override
    public Optional<String> lacks(HostCapability capability) {
        return Optional.of("host '" + profile.name() + "' runs natively: no hypervisor, column N is the reference");
    }

    /**
     * Every program is journaled as it starts, as on the emulated host: a build killed mid-run (SIGTERM, or the next
     * run after a SIGKILL) stops them, instead of leaving servers and CPU-bound loads running that would burden every
     * later measurement on this machine.
     */
    @Override
    public HostRun provision(Configuration configuration, Path resultDirectory) {
        KnobJournal journal = LocalJournal.open("native");
        ProgramLauncher journaled = (domain, command, log) -> journal.start(new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        WorkloadStack stack = new WorkloadStack(journaled, resultDirectory, List.of(), List.of(),
                ProfileGenerators.of(profile.generators()));
        NativeRun run = new NativeRun(stack, journal);
        try {
            run.servers = stack.startServers(configuration.workload());
            stack.warmUpPacketPath(configuration.workload(), run.servers);
            stack.startCpuBoundLoad(configuration.workload());
            stack.settle();
            return run;
        } catch (RuntimeException failed) {
            try {
                run.close();
            } catch (RuntimeException restoreFailed) {
                failed.addSuppressed(restoreFailed);
            }
            throw failed;
        }
    }

    @Override
    public void close() {
    }

    private static final class NativeRun implements HostRun {
        private final WorkloadStack stack;
        private final KnobJournal journal;
        private WorkloadStack.Servers servers;

        NativeRun(WorkloadStack stack, KnobJournal journal) {
            this.stack = stack;
            this.journal = journal;
        }

        @Override
        public List<AppliedKnob> applied() {
            return List.of();
        }

        @Override
        public List<String> notes() {
            return List.of("native: every server a plain process on this machine, no Dom0 on the packet path");
        }

        @Override
        public Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException {
            return stack.runClients(workload, servers, Map.of());
        }

        /** Stops the programs, then makes sure through the journal that none is left running. */
        @Override
        public void close() {
            stack.close();
            LocalJournal.restore(journal, "native host");
        }
    }
}
