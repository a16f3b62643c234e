package org.telvirt.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.telvirt.InvalidConfigurationException;
import org.telvirt.engine.OutcomeListener.Outcome;
import org.telvirt.host.xen.XenLeftBehind;
import org.telvirt.hostkit.journal.Journals;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./telvirt host restore}: everything runs left behind when they could not restore (a {@code kill -9} of the
 * build), without running a test: this machine's knob journals (emulated and native hosts), each Xen host's journal
 * over SSH with read-back, and a lab's leftover machine. Journals of live runs are not touched.
 */
@Command(name = "telvirt host restore", mixinStandardHelpOptions = true,
        description = {"Restore what runs left behind: this machine's knob journals, the Xen hosts' journals (over SSH,"
                + " each step read back) and leftover labs (stopped, which ends every change on them).",
                "Exit 0 when nothing is left behind; 2 when a PROFILE cannot be read; 3 when something could not be"
                        + " restored (the reason is printed; its journal stays for the next try)."})
public final class HostRestoreCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROFILE", arity = "0..*",
            description = "Host profiles (a built-in name or a YAML file, as -Dtelvirt.host takes) of Xen journals whose"
                    + " profile is neither built in nor host-profiles/NAME.yaml.")
    List<String> profiles = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new HostRestoreCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<HostProfile> given;
        try {
            given = profiles.stream().map(HostProfiles::load).toList();
        } catch (InvalidConfigurationException bad) {
            System.out.println(bad.getMessage());
            return Outcome.CONFIGURATION_ERROR.exitCode();
        }
        Path localDirectory = KnobJournal.defaultDirectory();
        List<RestoreReport> local = Journals.restoreLeftBehind(localDirectory, System.out);
        if (local.isEmpty()) {
            System.out.println("No journal of this machine left behind in " + localDirectory + ": nothing to restore.");
        }
        boolean xenSettled = XenLeftBehind.onThisMachine(given).restore(System.out::println);
        return (local.stream().allMatch(RestoreReport::verified) && xenSettled ? Outcome.PASSED
                : Outcome.INFRASTRUCTURE_ERROR).exitCode();
    }
}
