package org.telvirt.host.generators;

import java.nio.file.Path;
import org.telvirt.GeneratorShare;
import org.telvirt.host.RtpClientRun;

/** A machine that sends a slice of a run's streams and reports what it measured. */
interface Generator extends AutoCloseable {

    String name();

    /** {@code user@host:port}, or {@code this machine}. */
    String where();

    /** Gets ready before the common start time is set (connect, ship the jar); may take seconds. */
    void prepare();

    /**
     * Runs its slice to the end and keeps its results in {@code directory}. Throws
     * {@link GeneratorFailure} with the generator's output when it fails or drops.
     */
    GeneratorShare run(RtpClientRun slice, Path directory) throws InterruptedException;

    /** Stops a slice that is still running (called from another thread than {@link #run}). */
    void stop();

    @Override
    void close();
}
