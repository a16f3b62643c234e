package org.telvirt.host;

import java.nio.file.Path;
import java.util.List;
import org.telvirt.Workload;
import org.telvirt.knob.AppliedKnob;

/** A provisioned and tuned host with its servers running; closing it restores the host. */
public interface HostRun extends AutoCloseable {

    /** Each knob as the host applied it. */
    List<AppliedKnob> applied();

    /** What a reader of the results must know about how this host ran it (core folding, scaling). */
    List<String> notes();

    /**
     * Drives the media load and waits for it; the client's summary and histogram log land in
     * {@code resultDirectory}. Bounded in time: a run that does not finish is stopped and reported.
     */
    Measurement measure(Workload workload, Path resultDirectory) throws InterruptedException;

    /** Stops every process of the run and restores every knob, verifying each read-back. */
    @Override
    void close();
}
