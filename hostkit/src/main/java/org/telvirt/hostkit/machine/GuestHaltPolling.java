package org.telvirt.hostkit.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.journal.KnobJournal;

/**
 * Lets this machine's vCPUs poll briefly before they halt while a host's domains run, when the machine is a KVM guest
 * whose cpuidle driver is {@code haltpoll} and whose kernel does not poll ({@code guest_halt_poll_ns} 0, as on the
 * machine of the evidence). A halted vCPU runs again only when the hypervisor wakes it, and the hypervisor counts the
 * wait as steal: on that machine a pipe ping-pong between its two vCPUs measured 25.7 % steal and 79,739 round trips
 * in 10 s without polling, 3.8 % and 1,413,682 with a 200 us poll window (2026-12-03, docs/emulated-host.md). The
 * emulated host's relay, servers and scheduler wake thousands of times a second, so without polling every wake-up
 * pays that delay and the run's own wake-ups read as a disturbed host. The idle poll runs in the idle task, which
 * neither a domain's cgroup nor the machine's busy time counts. Journaled, so the old value comes back with the rest.
 */
public final class GuestHaltPolling {
    /** The haltpoll cpuidle driver's longest poll before a vCPU halts; the driver adapts its window up to it. */
    public static final Path PARAMETER = Path.of("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
    public static final long POLL_NANOS = 200_000;

    private GuestHaltPolling() {
    }

    /**
     * Raises {@code parameter} to {@value #POLL_NANOS} ns, journaled, unless it already polls that long; returns the
     * line the run's notes carry either way.
     */
    public static String enable(KnobJournal journal, Path parameter) throws IOException {
        if (!Files.exists(parameter)) {
            return "guest halt polling: none on this machine (" + parameter + " absent: not a KVM guest with the"
                    + " haltpoll cpuidle driver), vCPUs halt as the machine has them";
        }
        long polling = Long.parseLong(KnobFiles.read(parameter).trim());
        if (polling >= POLL_NANOS) {
            return String.format(Locale.ROOT, "guest halt polling: this machine's vCPUs already poll up to %d us"
                    + " before they halt (%s), left as it is", polling / 1000, parameter);
        }
        journal.write(parameter, Long.toString(POLL_NANOS));
        return String.format(Locale.ROOT, "guest halt polling: this machine's vCPUs poll up to %d us before they"
                + " halt while the domains run (%s was %d, restored with the rest): a halted vCPU waits for the"
                + " hypervisor to wake it, which it counts as steal", POLL_NANOS / 1000, parameter, polling);
    }
}
