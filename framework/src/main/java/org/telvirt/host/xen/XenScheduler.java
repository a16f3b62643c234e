package org.telvirt.host.xen;

import java.util.Arrays;

/** The Xen schedulers whose per-domain weight and cap the driver can set. */
public enum XenScheduler {
    /** The paper's scheduler: 30 ms slices, credits burnt every 10 ms. */
    CREDIT("credit", "sched-credit"),
    /** Xen 4.17's default. */
    CREDIT2("credit2", "sched-credit2");

    private final String xlName;
    private final String xlCommand;

    XenScheduler(String xlName, String xlCommand) {
        this.xlName = xlName;
        this.xlCommand = xlCommand;
    }

    /** The name {@code xl info} and {@code xl cpupool-list} print. */
    public String xlName() {
        return xlName;
    }

    /** The {@code xl} subcommand that reads and writes this scheduler's per-domain parameters. */
    public String xlCommand() {
        return xlCommand;
    }

    public static XenScheduler fromXlName(String name) {
        return Arrays.stream(values()).filter(s -> s.xlName.equals(name)).findFirst()
                .orElseThrow(() -> new UnsupportedOperationException("Xen scheduler '" + name
                        + "' has no weight and cap the driver can set (supported: credit, credit2)"));
    }
}
