package org.telvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's host disturbance is read from ({@link DisturbanceMonitor}): the text of a Linux {@code /proc/stat}.
 */
@FunctionalInterface
public interface CpuAccounting {
    /** This machine's: where every driver's clients run, and on the native and emulated hosts the domains too. */
    CpuAccounting LOCAL = () -> Files.readString(Path.of("/proc/stat"));

    /** The current text of {@code /proc/stat}. */
    String procStat() throws IOException;
}
