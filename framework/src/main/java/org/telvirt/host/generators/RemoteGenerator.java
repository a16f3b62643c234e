package org.telvirt.host.generators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.telvirt.host.GeneratorHost;
import org.telvirt.GeneratorShare;
import org.telvirt.host.Measurement;
import org.telvirt.host.RtpClientRun;
import org.telvirt.ssh.ConnectionLostException;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.RemoteCommandException;
import org.telvirt.ssh.Shell;
import org.telvirt.ssh.SshException;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;
import org.telvirt.workloads.rtp.RunSummary;
import org.telvirt.workloads.io.AtomicFiles;

/**
 * A generator host reached over SSH: the workloads jar is copied there unless an identical one
 * (SHA-256) is already in its directory, each run's {@code rtp-client} runs in a directory of its
 * own there, and its summary, histogram log and per-stream CSV are copied back and removed.
 */
final class RemoteGenerator implements Generator {
    /** Beyond the client's own time: JVM start-up there, the drain, copying the results back. */
    private static final Duration SLACK = Duration.ofSeconds(30);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int OUTPUT_TAIL_LINES = 20;

    private final GeneratorHost host;
    private final WorkloadsJar jar;
    private final String runDirectory;
    private SshSession session;
    private volatile boolean stopping;

    RemoteGenerator(GeneratorHost host, WorkloadsJar jar, String runId) {
        this.host = host;
        this.jar = jar;
        this.runDirectory = host.directoryOrDefault() + "/runs/" + runId;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public String where() {
        return host.ssh().toString();
    }

    @Override
    public void prepare() {
        try {
            session = SshSession.open(SshSettings.from(host.ssh()));
            String remoteJar = remoteJar();
            ExecResult present = session.exec("sha256sum " + Shell.quote(remoteJar));
            if (!present.succeeded() || !present.stdout().startsWith(jar.sha256())) {
                session.upload(jar.file(), remoteJar, UPLOAD_TIMEOUT);
            }
        } catch (SshException | RemoteCommandException | UncheckedIOException unreachable) {
            throw new GeneratorFailure("cannot get it ready: " + unreachable.getMessage(), "", unreachable);
        }
    }

    @Override
    public GeneratorShare run(RtpClientRun slice, Path directory) throws InterruptedException {
        ExecResult result;
        try {
            result = session.exec(clientCommand(slice), slice.timeLimit(SLACK));
        } catch (ConnectionLostException dropped) {
            throw failure("it dropped mid-run: " + dropped.getMessage(), dropped.partial(), dropped);
        } catch (RemoteCommandException timedOut) {
            throw failure(timedOut.getMessage(), timedOut.result(), timedOut);
        } catch (SshException unreachable) {
            throw new GeneratorFailure(unreachable.getMessage(), "", unreachable);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped while " + name() + " ran");
        }
        Path log = directory.resolve("rtp-client.log");
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(log, (result.stderr() + result.stdout()).getBytes(StandardCharsets.UTF_8));
            if (!result.succeeded()) {
                throw failure("rtp-client exited with " + result.exitStatus(), result, null);
            }
            Path summary = fetch("summary.json", directory);
            Path histogram = fetch("delay.hlog", directory);
            Path streams = fetch(Measurement.PER_STREAM_CSV, directory);
            session.exec("rm -rf " + Shell.quote(runDirectory));
            return new GeneratorShare(name(), where(), RunSummary.read(summary), summary, histogram, log, streams);
        } catch (IOException | SshException | RemoteCommandException unfetched) {
            throw failure("its results could not be copied back: " + unfetched.getMessage(), result, unfetched);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (session == null) {
            return;
        }
        try {
            session.exec("kill \"$(cat " + Shell.quote(runDirectory + "/pid") + ")\"", STOP_TIMEOUT);
        } catch (SshException | RemoteCommandException unreachable) {
            // its remote timeout ends the client anyway, a few seconds after the run would have
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    private String remoteJar() {
        return host.directoryOrDefault() + "/telvirt.jar";
    }

    /** Records its process id, so {@link #stop} can end it: OpenSSH passes no signal to a command without a terminal. */
    private String clientCommand(RtpClientRun slice) {
        List<String> java = new ArrayList<>(List.of(host.javaOrDefault(), "-XX:+UseSerialGC", "-jar", remoteJar(),
                "rtp-client"));
        java.addAll(slice.arguments("summary.json", "delay.hlog", Measurement.PER_STREAM_CSV));
        return "umask 077 && mkdir -p " + Shell.quote(runDirectory) + " && cd " + Shell.quote(runDirectory)
                + " && echo $$ > pid && exec " + Shell.command(java);
    }

    private Path fetch(String file, Path directory) throws IOException {
        ExecResult content = session.run("cat " + Shell.quote(runDirectory + "/" + file));
        Path local = directory.resolve(file);
        AtomicFiles.write(local, content.stdout().getBytes(StandardCharsets.UTF_8));
        return local;
    }

    private GeneratorFailure failure(String reason, ExecResult output, Throwable cause) {
        String text = output.stderr() + output.stdout();
        List<String> lines = text.lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
        return new GeneratorFailure(stopping ? "stopped after another generator failed" : reason, tail, cause);
    }
}
