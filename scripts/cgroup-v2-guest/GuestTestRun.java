import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the named test classes ({@code pkg.Class}) or methods ({@code pkg.Class#method}) in the cgroup v2 guest,
 * where there is no Maven: one line per test as it ends ({@code PASSED}, {@code FAILED} with the cause,
 * {@code SKIPPED} with the reason), then {@code N passed, N failed, N skipped}. Exits 1 when a test failed.
 */
public final class GuestTestRun {
    public static void main(String[] args) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String arg : args) {
            selectors.add(arg.contains("#") ? selectMethod(arg) : selectClass(arg));
        }
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), summary,
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            String cause = result.getThrowable()
                                    .map(t -> ": " + String.valueOf(t.getMessage()).replaceAll("\\s+", " ").trim())
                                    .orElse("");
                            System.out.println(switch (result.getStatus()) {
                                case SUCCESSFUL -> "PASSED " + name(test);
                                // an assumption not met: what surefire counts as skipped
                                case ABORTED -> "SKIPPED " + name(test) + cause;
                                case FAILED -> "FAILED " + name(test) + cause;
                            });
                            System.out.flush();
                        }
                    }

                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        System.out.println("SKIPPED " + name(test) + ": " + reason);
                        System.out.flush();
                    }
                });
        TestExecutionSummary result = summary.getSummary();
        result.printFailuresTo(new PrintWriter(System.out, true), 25);
        long failed = result.getTotalFailureCount();
        System.out.printf("%d passed, %d failed, %d skipped%n", result.getTestsSucceededCount(), failed,
                result.getTestsSkippedCount() + result.getTestsAbortedCount());
        System.exit(failed == 0 && result.getTestsFoundCount() > 0 ? 0 : 1);
    }

    private static String name(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(method -> method.getClassName().substring(method.getClassName().lastIndexOf('.') + 1) + "#"
                        + method.getMethodName())
                .orElse(test.getDisplayName());
    }
}
