package org.telvirt.fake;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** What the fake host saw, and where its profile lives, for the extension's tests. */
public final class FakeHostEvents {
    private FakeHostEvents() {
    }

    /** What the fake host saw since the last call, running domains booted ({@code boot}) and shut down. */
    public static List<String> drain() {
        FakeHost.measurementsBeforeServerDies = -1;
        synchronized (FakeHost.EVENTS) {
            List<String> events = List.copyOf(FakeHost.EVENTS);
            FakeHost.EVENTS.clear();
            return events;
        }
    }

    public static void failNextMeasurement() {
        FakeHost.failNextMeasurement = true;
    }

    /** The next measurement's client sends no packet, so no loss or delay is measured. */
    public static void sendNothingNext() {
        FakeHost.sendNothingNext = true;
    }

    /** After {@code measurements} more measurements the domains they ran on report a dead server (0: the next). */
    public static void serverDiesAfter(int measurements) {
        FakeHost.measurementsBeforeServerDies = measurements;
    }

    /** From now on the hypervisor takes {@code percent} of the fake's CPUs while a run measures; 0 for a quiet host. */
    public static void stealPercent(int percent) {
        FakeHost.stealPercent = percent;
        FakeHost.STEAL_PERCENT_OF_NEXT_RUNS.clear();
    }

    /** The hypervisor takes these shares of the fake's CPUs while the next runs measure, one each in order. */
    public static void stealPercentOfNextRuns(Integer... percents) {
        FakeHost.STEAL_PERCENT_OF_NEXT_RUNS.clear();
        FakeHost.STEAL_PERCENT_OF_NEXT_RUNS.addAll(List.of(percents));
    }

    public static String profilePath() {
        try {
            return Path.of(FakeHostEvents.class.getResource("/fake-host.yaml").toURI()).toString();
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
