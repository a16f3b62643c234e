package org.telvirt.host.generators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telvirt.host.Generators;
import org.telvirt.GeneratorShare;
import org.telvirt.HostException;
import org.telvirt.host.Measurement;
import org.telvirt.host.RtpClientRun;
import org.telvirt.host.WorkloadStack;
import org.telvirt.workloads.rtp.RunSummary;

/** This machine's slice: an {@code rtp-client} started like the lone client of a run without generators. */
final class LocalGenerator implements Generator {
    private final WorkloadStack stack;
    private volatile WorkloadStack.Running client;

    LocalGenerator(WorkloadStack stack) {
        this.stack = stack;
    }

    @Override
    public String name() {
        return Generators.LOCAL_NAME;
    }

    @Override
    public String where() {
        return "this machine";
    }

    @Override
    public void prepare() {
    }

    @Override
    public GeneratorShare run(RtpClientRun slice, Path directory) throws InterruptedException {
        Path summary = directory.resolve("summary.json");
        Path histogram = directory.resolve("delay.hlog");
        Path streams = directory.resolve(Measurement.PER_STREAM_CSV);
        try {
            Files.createDirectories(directory);
            client = stack.startRtpClient(slice, summary, histogram, streams);
            stack.awaitRtpClient(client, slice, summary, histogram);
            return new GeneratorShare(name(), where(), RunSummary.read(summary), summary, histogram, client.log(),
                    streams);
        } catch (IOException | UncheckedIOException | HostException failed) {
            throw new GeneratorFailure(failed.getMessage(), client == null ? "" : WorkloadStack.tail(client.log()),
                    failed);
        }
    }

    @Override
    public void stop() {
        WorkloadStack.Running running = client;
        if (running != null) {
            running.process().destroy();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
