package org.telvirt;

import java.nio.file.Path;
import org.telvirt.workloads.rtp.RunSummary;

/**
 * What one generator measured of a run: its slice of the streams, as its own {@code rtp-client}
 * summarized it, and where its summary, histogram log and output were kept.
 *
 * @param name the generator's name in the host profile ({@value org.telvirt.host.Generators#LOCAL_NAME} for this machine)
 * @param where {@code user@host:port}, or {@code this machine}
 * @param summary its own client's summary, before the merge
 * @param summaryFile where that summary is kept
 * @param histogramLog its delay histogram log
 * @param log its client's output, for when it failed
 * @param perStreamCsv its streams, numbered from 0 within its slice
 */
public record GeneratorShare(String name, String where, RunSummary summary, Path summaryFile, Path histogramLog,
                             Path log, Path perStreamCsv) {
}
