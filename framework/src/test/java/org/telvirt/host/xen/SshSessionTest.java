package org.telvirt.host.xen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.HostKeyPolicy;
import org.telvirt.ssh.RemoteCommandException;
import org.telvirt.ssh.Shell;
import org.telvirt.ssh.SshException;
import org.telvirt.ssh.SshSession;
import org.telvirt.ssh.SshSettings;

/** The SSH layer against a real OpenSSH server on loopback, one session shared by the class. */
class SshSessionTest {

    @TempDir
    static Path directory;

    private static OpenSshServer server;
    private static SshSession ssh;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(OpenSshServer.available(), "needs OpenSSH's sshd and ssh-keygen (apt-get install openssh-server)");
        server = OpenSshServer.start(directory);
        ssh = SshSession.open(server.target(server.knownHosts()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void capturesExitStatusStdoutAndStderr() {
        ExecResult result = ssh.exec("echo out; echo err >&2; exit 3");

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.succeeded()).isFalse();
        assertThatThrownBy(result::requireSuccess)
                .isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("exit status 3").hasMessageContaining("err");
    }

    @Test
    void feedsStandardInputAndEndsIt() {
        ExecResult result = ssh.exec("tr a-z A-Z", new ByteArrayInputStream("media\n".getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("MEDIA\n");
    }

    @Test
    void commandWithoutInputSeesEndOfFileAtOnce() {
        assertThat(ssh.run("cat; echo done", Duration.ofSeconds(10)).stdout()).isEqualTo("done\n");
    }

    @Test
    void commandPastItsTimeoutIsKilledAndReported() throws Exception {
        String marker = "sleep 37." + ProcessHandle.current().pid();
        long started = System.nanoTime();

        assertThatThrownBy(() -> ssh.exec("echo started; " + marker, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                    assertThat(e.timedOut()).isTrue();
                    assertThat(e.result().stdout()).isEqualTo("started\n");
                })
                .hasMessageContaining("did not finish within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(remoteProcessGone(marker)).as("remote '%s' killed", marker).isTrue();
        assertThat(ssh.run("echo still usable").stdout()).isEqualTo("still usable\n");
    }

    @Test
    void hostileValuesReachTheRemoteShellAsPlainText() throws Exception {
        Path canary = directory.resolve("canary");
        String[] hostile = {
                "media; rm -rf /", "$(touch " + canary + ")", "`touch " + canary + "`", "a\ntouch " + canary,
                "it's \"quoted\"", "x' ; touch " + canary + " ; '", "-w", "*", "", "\\"};
        for (String value : hostile) {
            ExecResult echoed = ssh.run(Shell.command("printf", "%s", value));
            assertThat(echoed.stdout()).isEqualTo(value);
        }
        assertThat(canary).doesNotExist();
    }

    @Test
    void uploadArrivesIntactAndChecksummed() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path local = Files.write(directory.resolve("workloads.jar"), content);
        Path remote = directory.resolve("remote/lib/telvirt.jar");

        String sha256 = ssh.upload(local, remote.toString(), Duration.ofSeconds(30));

        assertThat(Files.readAllBytes(remote)).isEqualTo(content);
        assertThat(ssh.run("sha256sum " + Shell.quote(remote.toString())).stdout()).startsWith(sha256);
        assertThat(remote.resolveSibling("telvirt.jar.partial")).doesNotExist();
    }

    @Test
    void uploadRefusesAPathTheShellWouldInterpret() {
        assertThatThrownBy(() -> ssh.upload(directory.resolve("x"), "/tmp/a; reboot", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remote path \"/tmp/a; reboot\"");
    }

    @Test
    void droppedConnectionIsReopenedForTheNextCommand() throws Exception {
        ssh.run("true");
        assertThat(server.dropConnections()).isGreaterThan(0);

        assertThat(ssh.run("echo again").stdout()).isEqualTo("again\n");
        assertThat(ssh.isConnected()).isTrue();
    }

    @Test
    void unknownHostKeyIsRefusedByDefault() throws Exception {
        Path empty = Files.writeString(directory.resolve("known_hosts_empty"), "");

        assertThatThrownBy(() -> SshSession.open(server.target(empty)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("is not in " + empty)
                .hasMessageContaining("strict");
    }

    @Test
    void changedHostKeyIsRefusedEvenWithTrustOnFirstUse() throws Exception {
        Path wrong = server.wrongKnownHosts();

        assertThatThrownBy(() -> SshSession.open(server.target(wrong).withHostKeyPolicy(HostKeyPolicy.TRUST_ON_FIRST_USE)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("differs");
    }

    @Test
    void trustOnFirstUseRecordsTheKeyWhichStrictCheckingThenAccepts() throws Exception {
        Path fresh = directory.resolve("tofu/known_hosts");

        try (SshSession first = SshSession.open(server.target(fresh).withHostKeyPolicy(HostKeyPolicy.TRUST_ON_FIRST_USE))) {
            assertThat(first.run("echo first").stdout()).isEqualTo("first\n");
        }
        assertThat(Files.readString(fresh)).startsWith("[127.0.0.1]:" + server.port() + " ssh-ed25519 ");
        try (SshSession strict = SshSession.open(server.target(fresh))) {
            assertThat(strict.run("echo strict").stdout()).isEqualTo("strict\n");
        }
    }

    @Test
    void missingKnownHostsFileIsAnErrorUnderStrictChecking() {
        Path missing = directory.resolve("nowhere/known_hosts");

        assertThatThrownBy(() -> SshSession.open(server.target(missing)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void unknownClientKeyFailsWithoutFallingBackToPasswords() throws Exception {
        SshSettings stranger = new SshSettings("127.0.0.1", server.port(), System.getProperty("user.name"),
                server.strangerKey(), server.knownHosts(), HostKeyPolicy.STRICT, null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1);

        assertThatThrownBy(() -> SshSession.open(stranger))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("authentication")
                .hasMessageContaining("password authentication is off");
    }

    @Test
    void unreachablePortIsRetriedThenReported() throws Exception {
        SshSettings closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = server.target(server.knownHosts());
            closed = new SshSettings(closed.host(), socket.getLocalPort(), closed.user(), closed.privateKey(),
                    closed.knownHosts(), HostKeyPolicy.STRICT, null, Duration.ofSeconds(2), Duration.ofSeconds(2), 2);
        }
        SshSettings unreachable = closed;

        assertThatThrownBy(() -> SshSession.open(unreachable))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("after 2 attempts");
    }

    private static boolean remoteProcessGone(String commandLine) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = ProcessHandle.allProcesses()
                    .anyMatch(p -> p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false));
            if (!running) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
