package org.telvirt.workloads;

import org.telvirt.hostkit.HostCommand;
import org.telvirt.hostkit.credit.CreditSchedulerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The executable jar's entry point: one subcommand per program. */
@Command(name = "telvirt", mixinStandardHelpOptions = true, version = "telvirt 0.1.0",
        description = "Media workload programs and host tools of telvirt.",
        subcommands = {HostCommand.class, CreditSchedulerCommand.class})
public final class Telvirt {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Telvirt()).execute(args));
    }
}
