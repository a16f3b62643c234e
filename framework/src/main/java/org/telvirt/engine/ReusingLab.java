package org.telvirt.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.telvirt.Configuration;
import org.telvirt.Lab;
import org.telvirt.MediaRun;
import org.telvirt.SloLimits;
import org.telvirt.host.HostCapability;
import org.telvirt.verdict.Finding;
import org.telvirt.verdict.FindingJudge;
import org.telvirt.verdict.FindingVerdict;
import org.telvirt.verdict.Findings;
import org.telvirt.verdict.JudgedRun;

/** The {@link Lab} of a test: runs through the test's {@link ExperimentRunner}, reusing this JVM's runs. */
final class ReusingLab implements Lab, Findings {
    private final ExperimentRunner runner;
    private final ExtensionContext context;

    ReusingLab(ExperimentRunner runner, ExtensionContext context) {
        this.runner = runner;
        this.context = context;
    }

    @Override
    public MediaRun measure(Configuration asked, int run) {
        if (run < 1) {
            throw new IllegalArgumentException("runs count from 1, got " + run);
        }
        for (int next = earlierRuns(asked).size() + 1; next <= run; next++) {
            run(asked, next);
        }
        return earlierRuns(asked).get(run - 1);
    }

    @Override
    public FindingVerdict judge(Finding finding) {
        String host = runner.selectedProfile().name();
        FindingVerdict verdict = new FindingJudge((configuration, run) -> JudgedRun.of(measure(configuration, run)),
                capability -> checked(finding, capability)).judge(finding);
        System.out.println("[telvirt] " + verdict.describe());
        context.publishReportEntry(Map.of(OutcomeListener.FINDING_ENTRY, verdict.toJson(),
                OutcomeListener.FINDING_SUMMARY_ENTRY, verdict.summary() + " (host " + host + ")"));
        return verdict;
    }

    /** Asks the host, and says what it answered before anything runs. */
    private Optional<String> checked(Finding finding, HostCapability capability) {
        Optional<String> lacking = runner.lacks(capability);
        System.out.println("[telvirt] " + finding.id() + " needs " + capability.description() + ": host '"
                + runner.selectedProfile().name() + "' " + lacking.map(reason -> "lacks it: " + reason).orElse("has it"));
        return lacking;
    }

    private List<MediaRun> earlierRuns(Configuration asked) {
        Configuration configuration = runner.fitted(asked);
        return RunLedger.findAll(runner.hostFor(configuration).profile().name(), configuration);
    }

    private void run(Configuration asked, int repetition) {
        RunReporting reporting = RunReporting.forLab(context, asked, repetition);
        try {
            MediaRun run = runner.run(asked, SloLimits.NONE, context.getRequiredTestClass(),
                    context.getRequiredTestMethod().getName(), Optional.empty(), repetition);
            reporting.measured(run, SloLimits.NONE, Optional.empty());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            reporting.failed(interrupted);
            throw new TestAbortedException("interrupted while measuring " + asked.id(), interrupted);
        } catch (RuntimeException | Error failure) {
            reporting.failed(failure);
            throw failure;
        }
    }
}
