package org.telvirt.host.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telvirt.Role;
import org.telvirt.Workload;

/**
 * What the emulated host keeps running from one configuration to the next, and what a configuration restarts:
 * the domains (cgroups, servers, CPU-bound VMs) persist while the next configuration would start them the same way;
 * the Dom0 relay persists while its arguments stay the same; the credit scheduler and the clients are each
 * configuration's own. Stream counts, call rates, durations, weights, caps, pins and cores change no domain.
 */
final class DomainReuse {
    private DomainReuse() {
    }

    /**
     * What the domains' programs are started from: which domains run (Dom0, Media, Signaling when there are calls,
     * the CPU-bound VMs) and the Media VM's vCPUs and work per packet, the media server's arguments. Everything else
     * the servers and the CPU-bound VMs are started with is the host's.
     */
    record Domains(List<String> present, int mediaVcpus, int mediaWorkMicros) {
        Domains {
            present = List.copyOf(present);
        }

        static Domains of(Workload workload) {
            List<String> present = new ArrayList<>();
            present.add(Role.DOM0);
            present.addAll(workload.guestDomains());
            return new Domains(present, workload.mediaVcpus(), workload.mediaWorkMicros());
        }

        boolean hasSignaling() {
            return present.contains(Role.SIGNALING);
        }
    }

    /**
     * The Dom0 relay's arguments but for its listen ports, which a restarted relay takes afresh: its options
     * (coalescing, work per packet, socket buffer) and whether it routes media (not under VMM bypass) and signaling.
     */
    record Relay(List<String> options, boolean routesMedia, boolean routesSignaling) {
        /** No relay: before the domains boot, and when nothing crosses Dom0. */
        static final Relay NONE = new Relay(List.of(), false, false);

        Relay {
            options = List.copyOf(options);
        }

        /**
         * The relay a configuration needs: the host's options ({@code hostOptions}: socket buffer, work per packet)
         * and the knobs' coalescing; a route for media unless VMM bypass, one for signaling when there are calls.
         * Weights, caps, pins and cores are the scheduler's: they leave the relay as it is.
         */
        static Relay of(EmulatedKnobs knobs, List<String> hostOptions, boolean routesSignaling) {
            List<String> options = new ArrayList<>(hostOptions);
            knobs.coalescing().ifPresent(coalescing -> options.addAll(List.of("--coalesce-micros",
                    Integer.toString(coalescing.micros()), "--coalesce-frames", Integer.toString(coalescing.frames()))));
            return new Relay(options, !knobs.vmmBypass(), routesSignaling);
        }

        /** Without a route (VMM bypass and no calls) nothing crosses Dom0, and no relay runs. */
        boolean runs() {
            return routesMedia || routesSignaling;
        }
    }

    /** What a configuration changes of what runs: boot new domains, restart the relay, or neither; with the reason. */
    record Change(boolean boot, boolean restartRelay, String reason) {
        static final Change NONE = new Change(false, false, "");
    }

    /** From the domains and relay running (empty: none yet) to those the next configuration needs. */
    static Change between(Optional<Domains> running, Relay runningRelay, Domains next, Relay nextRelay) {
        if (running.isEmpty()) {
            return new Change(true, nextRelay.runs(), "no domains running yet");
        }
        if (!running.get().equals(next)) {
            return new Change(true, nextRelay.runs(), "the workload needs other domains (" + describe(running.get())
                    + " running, " + describe(next) + " needed)");
        }
        if (!runningRelay.equals(nextRelay)) {
            return new Change(false, true, "the Dom0 relay's arguments differ (" + describe(runningRelay) + " running, "
                    + describe(nextRelay) + " needed)");
        }
        return Change.NONE;
    }

    private static String describe(Domains domains) {
        return String.join(", ", domains.present()) + "; media " + domains.mediaVcpus() + " vCPUs, "
                + domains.mediaWorkMicros() + " us per packet";
    }

    private static String describe(Relay relay) {
        if (!relay.runs()) {
            return "no relay";
        }
        List<String> routes = new ArrayList<>();
        if (relay.routesMedia()) {
            routes.add("media");
        }
        if (relay.routesSignaling()) {
            routes.add("signaling");
        }
        return "routes " + String.join(" and ", routes) + (relay.options().isEmpty() ? ""
                : ", " + String.join(" ", relay.options()));
    }
}
