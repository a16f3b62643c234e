package org.telvirt.host.xen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.telvirt.ssh.SshSettings;

/**
 * A real OpenSSH server on a free loopback port, with its own host key, client key and
 * authorized_keys in a scratch directory: the test's own fixture, stopped by its PID.
 */
final class OpenSshServer implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private final Path directory;
    private final int port;
    private final Process process;

    private OpenSshServer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN);
    }

    static OpenSshServer start(Path directory) throws IOException, InterruptedException {
        return start(directory, List.of());
    }

    /** @param extraConfig sshd_config lines added to the fixture's own, such as a session environment */
    static OpenSshServer start(Path directory, List<String> extraConfig) throws IOException, InterruptedException {
        keygen(directory.resolve("host_ed25519"));
        keygen(directory.resolve("client_ed25519"));
        keygen(directory.resolve("stranger_ed25519"));
        Files.copy(directory.resolve("client_ed25519.pub"), directory.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        Path config = directory.resolve("sshd_config");
        Files.writeString(config, SshdConfig.of("127.0.0.1", port, directory, System.getProperty("user.name"))
                + String.join("\n", extraConfig) + "\n");
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("sshd.log").toFile())
                .start();
        OpenSshServer server = new OpenSshServer(directory, port, sshd);
        server.awaitListening();
        return server;
    }

    int port() {
        return port;
    }

    Path clientKey() {
        return directory.resolve("client_ed25519");
    }

    /** A key pair the server does not know. */
    Path strangerKey() {
        return directory.resolve("stranger_ed25519");
    }

    /** A known_hosts file holding this server's real host key under {@code [127.0.0.1]:port}. */
    Path knownHosts() throws IOException {
        return knownHostsWith(directory.resolve("known_hosts"), directory.resolve("host_ed25519.pub"));
    }

    /** A known_hosts file that claims another key (the stranger's) for this server. */
    Path wrongKnownHosts() throws IOException {
        return knownHostsWith(directory.resolve("known_hosts_wrong"), directory.resolve("stranger_ed25519.pub"));
    }

    SshSettings target(Path knownHosts) {
        return SshSettings.of("127.0.0.1", port, System.getProperty("user.name"), clientKey(), knownHosts)
                .withConnectTimeout(Duration.ofSeconds(5), 2)
                .withCommandTimeout(Duration.ofSeconds(20));
    }

    /** Kills the per-connection sshd processes: every open session sees its connection drop. */
    int dropConnections() throws InterruptedException {
        List<ProcessHandle> children = process.toHandle().children().toList();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        return children.size();
    }

    /** Stops the listener (SIGSTOP): new connections get no answer, as from a host that went away. */
    void suspend() throws Exception {
        signal("STOP");
    }

    /** Lets the listener answer again (SIGCONT). */
    void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        // a suspended listener cannot die of SIGTERM until it runs again
        try {
            resume();
        } catch (Exception alreadyGone) {
            // nothing to resume
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Path knownHostsWith(Path file, Path publicKey) throws IOException {
        String[] key = Files.readString(publicKey).trim().split("\\s+");
        Files.writeString(file, "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n");
        return file;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("sshd.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "telvirt-test",
                "-f", key.toString()).redirectErrorStream(true).start();
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes()));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
