package org.telvirt.workloads;

import org.telvirt.workloads.capacity.CapacityCommand;
import org.telvirt.workloads.cpu.CpuBoundCommand;
import org.telvirt.workloads.host.CreditSchedulerCommand;
import org.telvirt.workloads.host.HostCommand;
import org.telvirt.workloads.jitter.HostJitterCommand;
import org.telvirt.workloads.media.MediaServerCommand;
import org.telvirt.workloads.relay.RelayCommand;
import org.telvirt.workloads.rtp.RtpClientCommand;
import org.telvirt.workloads.signaling.SignalingClientCommand;
import org.telvirt.workloads.signaling.SignalingServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The executable jar's entry point: one subcommand per program. */
@Command(name = "telvirt", mixinStandardHelpOptions = true, version = "telvirt 0.1.0",
        description = "Media workload programs and host tools of telvirt.",
        subcommands = {MediaServerCommand.class, RtpClientCommand.class, RelayCommand.class,
            SignalingServerCommand.class, SignalingClientCommand.class, CpuBoundCommand.class, CapacityCommand.class,
            HostJitterCommand.class, HostCommand.class, CreditSchedulerCommand.class})
public final class Telvirt {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a failure prints one line naming the program, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Telvirt());
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandName() + ": error: " + describe(exception));
            if (Boolean.getBoolean("telvirt.stackTraces")) {
                exception.printStackTrace(failed.getErr());
            }
            return failed.getCommandSpec().exitCodeOnExecutionException();
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, failed.getErr());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    private static String describe(Throwable exception) {
        String message = exception.getMessage();
        return message == null ? exception.getClass().getSimpleName() : message;
    }
}
