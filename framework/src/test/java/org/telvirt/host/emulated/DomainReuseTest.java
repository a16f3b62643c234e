package org.telvirt.host.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telvirt.Role;
import org.telvirt.Workload;
import org.telvirt.host.emulated.DomainReuse.Change;
import org.telvirt.host.emulated.DomainReuse.Domains;
import org.telvirt.host.emulated.DomainReuse.Relay;
import org.telvirt.knob.CpuSet;
import org.telvirt.knob.Tuning;

/** Which configuration changes boot new domains, which restart the relay, and which change neither. */
class DomainReuseTest {
    private static final Workload MIXED = Workload.MIXED.scaled(0.15);
    private static final List<String> BUFFER = List.of("--socket-buffer", "49920");
    private static final Relay THROUGH_DOM0 = new Relay(BUFFER, true, true);

    @Test
    void theFirstConfigurationBootsTheDomainsAndTheRelay() {
        Change change = DomainReuse.between(Optional.empty(), Relay.NONE, Domains.of(MIXED), THROUGH_DOM0);

        assertThat(change.boot()).isTrue();
        assertThat(change.restartRelay()).isTrue();
    }

    @Test
    void streamsCallRatesAndDurationsChangeNothing() {
        Domains running = Domains.of(MIXED);

        for (Workload next : List.of(MIXED.withStreams(60), MIXED.withDuration(20, 3),
                new Workload(120, 6, 2, 10, 2, 3.0, 60, 2))) {
            assertThat(DomainReuse.between(Optional.of(running), THROUGH_DOM0, Domains.of(next), THROUGH_DOM0))
                    .as("%s after %s", next, MIXED).isEqualTo(Change.NONE);
        }
    }

    @Test
    void otherDomainsOrOtherMediaServerArgumentsBootNewDomains() {
        Domains running = Domains.of(MIXED);

        for (Workload next : List.of(MIXED.withCpuBoundVms(1), Workload.turnkey(60).scaled(0.15),
                new Workload(120, 6, 2, 10, 2, 0, 60, 2), new Workload(120, 6, 2, 20, 2, 10, 60, 2),
                new Workload(120, 6, 2, 10, 4, 10, 60, 2))) {
            Change change = DomainReuse.between(Optional.of(running), THROUGH_DOM0, Domains.of(next), THROUGH_DOM0);
            assertThat(change.boot()).as("%s after %s", next, MIXED).isTrue();
            assertThat(change.reason()).contains("other domains");
        }
    }

    @Test
    void otherRelayArgumentsRestartOnlyTheRelay() {
        Domains running = Domains.of(MIXED);
        List<Relay> others = List.of(
                new Relay(List.of("--socket-buffer", "49920", "--coalesce-micros", "40", "--coalesce-frames", "3"), true,
                        true),
                new Relay(BUFFER, false, true),
                new Relay(List.of("--socket-buffer", "49920", "--work-micros", "5"), true, true));

        for (Relay next : others) {
            Change change = DomainReuse.between(Optional.of(running), THROUGH_DOM0, running, next);
            assertThat(change.boot()).as("%s after %s", next, THROUGH_DOM0).isFalse();
            assertThat(change.restartRelay()).as("%s after %s", next, THROUGH_DOM0).isTrue();
            assertThat(change.reason()).contains("relay's arguments differ");
        }
    }

    @Test
    void aRelayWithTheSameArgumentsIsKept() {
        Relay again = new Relay(List.of("--socket-buffer", "49920"), true, true);

        assertThat(DomainReuse.between(Optional.of(Domains.of(MIXED)), THROUGH_DOM0, Domains.of(MIXED), again))
                .isEqualTo(Change.NONE);
    }

    @Test
    void schedulerKnobsLeaveTheRelayAsItIsCoalescingAndBypassChangeIt() {
        Relay defaults = Relay.of(EmulatedKnobs.of(Tuning.DEFAULTS, 4), BUFFER, true);
        List<Tuning> schedulerOnly = List.of(Tuning.builder().weight(Role.DOM0, 8192).weight(Role.MEDIA, 4096).build(),
                Tuning.builder().cap(Role.DOM0, 1).build(), Tuning.builder().pin(Role.MEDIA, CpuSet.parse("2-3")).build(),
                Tuning.builder().cores(2).build());
        for (Tuning tuning : schedulerOnly) {
            assertThat(Relay.of(EmulatedKnobs.of(tuning, 4), BUFFER, true)).as("%s", tuning).isEqualTo(defaults);
        }

        Relay coalescing = Relay.of(EmulatedKnobs.of(Tuning.builder().coalesce(40, 3).build(), 4), BUFFER, true);
        Relay bypass = Relay.of(EmulatedKnobs.of(Tuning.builder().vmmBypass(true).build(), 4), BUFFER, true);
        assertThat(coalescing.options()).containsSequence("--coalesce-micros", "40", "--coalesce-frames", "3");
        assertThat(DomainReuse.between(Optional.of(Domains.of(MIXED)), defaults, Domains.of(MIXED), coalescing)
                .restartRelay()).isTrue();
        assertThat(bypass.routesMedia()).isFalse();
        assertThat(DomainReuse.between(Optional.of(Domains.of(MIXED)), defaults, Domains.of(MIXED), bypass)
                .restartRelay()).isTrue();
    }

    @Test
    void withoutARouteNoRelayRuns() {
        assertThat(new Relay(BUFFER, false, false).runs()).isFalse();
        assertThat(new Relay(BUFFER, false, true).runs()).isTrue();
        assertThat(new Relay(BUFFER, true, false).runs()).isTrue();
    }
}
