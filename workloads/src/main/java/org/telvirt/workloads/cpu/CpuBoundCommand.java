package org.telvirt.workloads.cpu;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.telvirt.workloads.cli.Checks;
import org.telvirt.workloads.cli.Converters;
import org.telvirt.workloads.cli.ExitReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cpu-bound", mixinStandardHelpOptions = true,
        description = {
            "The paper's CPU-bound VM: each thread computes for --duty-cycle of every --period-ms and idles for"
                + " the rest.",
            "Runs for --duration or until SIGTERM/SIGINT, then prints the work done as one JSON line on stdout."})
public final class CpuBoundCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Computing threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--duty-cycle", paramLabel = "F", defaultValue = "0.9",
            description = "Share of each period spent computing, 0 < F <= 1 (default: ${DEFAULT-VALUE}).")
    private double dutyCycle;

    @Option(names = "--period-ms", paramLabel = "P", defaultValue = "10",
            description = "Length of one compute-then-idle cycle in ms (default: ${DEFAULT-VALUE}).")
    private long periodMillis;

    @Option(names = "--duration", paramLabel = "D", converter = Converters.TimeSpan.class,
            description = "Stop after this long (default: run until stopped).")
    private Duration duration;

    @Override
    public Integer call() throws Exception {
        new Checks(spec)
                .range("--threads", threads, 1, 1024)
                .range("--period-ms", periodMillis, 1, 60_000)
                .require(dutyCycle > 0 && dutyCycle <= 1,
                        "--duty-cycle must be above 0 and at most 1, got " + dutyCycle);
        if (duration != null) {
            new Checks(spec).range("--duration", duration, Duration.ofMillis(1), Duration.ofDays(7));
        }
        CpuBound load = new CpuBound(threads, dutyCycle, periodMillis).start();
        ExitReport exitReport = ExitReport.install(load, load::stats, System.out);
        System.err.printf(Locale.ROOT, "cpu-bound: %d thread(s), computing %.0f %% of every %d ms%n", threads,
                dutyCycle * 100, periodMillis);
        exitReport.await(duration);
        return 0;
    }
}
