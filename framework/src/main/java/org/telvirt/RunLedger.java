package org.telvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every run measured in this JVM, in order: the source of the progress lines and of the summary
 * table printed when the run ends.
 */
public final class RunLedger {
    private static final List<Entry> ENTRIES = new ArrayList<>();

    private RunLedger() {
    }

    /** A measured run and the SLO it was held to. */
    public record Entry(MediaRun run, SloLimits slo) {
        public String verdict() {
            if (!slo.isSet()) {
                return "-";
            }
            return slo.violations(run).isEmpty() ? "pass" : "FAIL";
        }
    }

    static void record(MediaRun run, SloLimits slo) {
        Entry entry = new Entry(run, slo);
        int done;
        synchronized (ENTRIES) {
            ENTRIES.add(entry);
            done = ENTRIES.size();
        }
        System.out.println(progressLine(entry, done));
    }

    /** This JVM's run of the configuration on the host, if it made one. */
    static java.util.Optional<MediaRun> find(String host, Configuration configuration) {
        synchronized (ENTRIES) {
            return ENTRIES.stream().map(Entry::run)
                    .filter(run -> run.host().equals(host) && run.configuration().equals(configuration)).findFirst();
        }
    }

    public static List<Entry> entries() {
        synchronized (ENTRIES) {
            return List.copyOf(ENTRIES);
        }
    }

    static String progressLine(Entry entry, int done) {
        MediaRun run = entry.run();
        Configuration configuration = run.configuration();
        String figure = configuration.figure() == null ? "test" : "Fig. " + configuration.figure().number();
        return String.format(Locale.ROOT, "[telvirt] %s %s (%s) on %s: %s, %s | %s, run %d", figure,
                configuration.id(), configuration.description(), run.host(), run.headline(), entry.verdict(),
                seconds(run.elapsed()), done);
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
