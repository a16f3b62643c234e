package org.telvirt.workloads.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.telvirt.hostkit.journal.Journals;
import org.telvirt.hostkit.journal.KnobJournal;
import org.telvirt.hostkit.journal.RestoreReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code telvirt host restore|status}: the knob journals of this machine, by hand. */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "Inspect and restore the knob journals that runs leave on this machine.",
        subcommands = {HostCommand.Restore.class, HostCommand.Status.class})
public final class HostCommand {

    /** Options shared by the subcommands. */
    static final class JournalDirectory {
        @Option(names = "--journal-dir", paramLabel = "DIR",
                description = "Journal directory (default: -D" + KnobJournal.DIR_PROPERTY
                        + ", else ~/.local/state/telvirt/journal).")
        Path directory;

        /** The directory to use; a path that exists but is no directory is a usage error naming it. */
        Path resolve(CommandSpec spec) {
            Path resolved = directory != null ? directory : KnobJournal.defaultDirectory();
            if (Files.exists(resolved) && !Files.isDirectory(resolved)) {
                throw new ParameterException(spec.commandLine(), "--journal-dir " + resolved + " is not a directory");
            }
            return resolved;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore every journal left behind by a run that died and print what was undone; "
                    + "exit 0 when every step read back its recorded value.")
    static final class Restore implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        JournalDirectory journals = new JournalDirectory();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path directory = journals.resolve(spec);
            List<RestoreReport> reports = Journals.restoreLeftBehind(directory, System.out);
            if (reports.isEmpty()) {
                System.out.println("No left-behind journal in " + directory + ": nothing to restore.");
            }
            return reports.stream().allMatch(RestoreReport::verified) ? 0 : 1;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List the journals: in use by a live run, or left behind.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        JournalDirectory journals = new JournalDirectory();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path directory = journals.resolve(spec);
            List<Journals.Status> statuses = Journals.list(directory);
            System.out.println(statuses.size() + " journal(s) in " + directory);
            statuses.forEach(System.out::println);
            return 0;
        }
    }
}
