package org.telvirt.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One SSH connection to a host, reused for every command (a test class holds one), reopened when
 * it drops. Every command has a timeout; a command that runs past it is killed.
 */
public final class SshSession implements RemoteShell, AutoCloseable {

    private static final int SERVER_ALIVE_INTERVAL_MILLIS = 5_000;
    private static final int SERVER_ALIVE_COUNT_MAX = 3;
    private static final long POLL_MILLIS = 5;
    /** Exit status of coreutils {@code timeout} when the command ran out of time, and after SIGKILL. */
    private static final int TIMEOUT_EXIT_STATUS = 124;
    private static final int KILLED_EXIT_STATUS = 137;
    private static final int REMOTE_KILL_AFTER_SECONDS = 2;
    private static final Duration LOCAL_GRACE = Duration.ofSeconds(REMOTE_KILL_AFTER_SECONDS + 5);

    private final SshSettings target;
    private Session session;
    private boolean closed;

    private SshSession(SshSettings target) {
        this.target = target;
    }

    /** Connects now, so a wrong key, an unknown host key or an unreachable host fails here. */
    public static SshSession open(SshSettings target) {
        SshSession ssh = new SshSession(target);
        ssh.connectedSession();
        return ssh;
    }

    public SshSettings target() {
        return target;
    }

    /** Runs a command with the target's default timeout; a non-zero exit is returned, not thrown. */
    @Override
    public ExecResult exec(String command) {
        return exec(command, target.commandTimeout());
    }

    public ExecResult exec(String command, Duration timeout) {
        return exec(command, new ByteArrayInputStream(new byte[0]), timeout);
    }

    /** Runs a command with the target's default timeout and throws unless it exits 0. */
    @Override
    public ExecResult run(String command) {
        return exec(command).requireSuccess();
    }

    public ExecResult run(String command, Duration timeout) {
        return exec(command, timeout).requireSuccess();
    }

    /**
     * Runs a command, feeding it {@code stdin} (then end of file). On the remote side the command
     * runs under coreutils {@code timeout}, which kills its whole process group when the time is up
     * (OpenSSH does not pass a signal on to the children of the login shell); the local deadline a
     * few seconds later only guards against a host that stopped answering. Only the opening of the
     * channel is retried on a dropped connection: a command that may have started is never run twice.
     */
    public ExecResult exec(String command, InputStream stdin, Duration timeout) {
        long started = System.nanoTime();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ChannelExec channel = openExecChannel(command, withRemoteTimeout(command, timeout), stdin, stdout, stderr);
        try {
            long deadline = started + timeout.plus(LOCAL_GRACE).toNanos();
            while (!channel.isClosed()) {
                if (System.nanoTime() - deadline > 0) {
                    killQuietly(channel);
                    throw new RemoteCommandException(target.describe(), result(command, -1, stdout, stderr, started), timeout);
                }
                sleep(POLL_MILLIS);
            }
            ExecResult result = result(command, channel.getExitStatus(), stdout, stderr, started);
            if (channel.getExitStatus() == -1 && channel.getExitSignal() == null) {
                throw new ConnectionLostException(target.describe(), result);
            }
            boolean killedByTimeout = result.exitStatus() == TIMEOUT_EXIT_STATUS || result.exitStatus() == KILLED_EXIT_STATUS;
            if (killedByTimeout && result.elapsed().compareTo(timeout) >= 0) {
                throw new RemoteCommandException(target.describe(), result, timeout);
            }
            return result;
        } finally {
            channel.disconnect();
        }
    }

    /**
     * Copies a local file to {@code remotePath} (written beside it first, checked against the local
     * SHA-256, then renamed into place) and returns the checksum.
     */
    public String upload(Path local, String remotePath, Duration timeout) {
        Shell.remotePath(remotePath);
        String partial = remotePath + ".partial";
        String directory = remotePath.substring(0, Math.max(1, remotePath.lastIndexOf('/')));
        MessageDigest sha256 = sha256();
        ExecResult written;
        try (InputStream in = new DigestInputStream(Files.newInputStream(local, StandardOpenOption.READ), sha256)) {
            written = exec("umask 077 && mkdir -p " + Shell.quote(directory) + " && cat > " + Shell.quote(partial)
                    + " && sha256sum " + Shell.quote(partial), in, timeout).requireSuccess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + local + " for upload", e);
        }
        String localSum = HexFormat.of().formatHex(sha256.digest());
        String remoteSum = written.stdout().strip().split("\\s+")[0];
        if (!localSum.equals(remoteSum)) {
            exec("rm -f " + Shell.quote(partial));
            throw new SshException("upload of " + local + " to " + target.describe() + ":" + remotePath
                    + " arrived corrupted: sha256 " + remoteSum + " there, " + localSum + " here");
        }
        run("mv -f " + Shell.quote(partial) + " " + Shell.quote(remotePath));
        return localSum;
    }

    /** Whether the underlying connection is up right now (it is reopened on the next command if not). */
    public synchronized boolean isConnected() {
        return session != null && session.isConnected();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    private static String withRemoteTimeout(String command, Duration timeout) {
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
        return "exec timeout -k " + REMOTE_KILL_AFTER_SECONDS + " " + seconds + " sh -c " + Shell.quote(command);
    }

    private ChannelExec openExecChannel(String command, String wireCommand, InputStream stdin, ByteArrayOutputStream stdout,
                                        ByteArrayOutputStream stderr) {
        JSchException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Session current = connectedSession();
            try {
                ChannelExec channel = (ChannelExec) current.openChannel("exec");
                channel.setCommand(wireCommand.getBytes(StandardCharsets.UTF_8));
                channel.setInputStream(stdin, true);
                channel.setOutputStream(stdout, true);
                channel.setErrStream(stderr, true);
                channel.connect(Math.toIntExact(target.connectTimeout().toMillis()));
                return channel;
            } catch (JSchException e) {
                last = e;
                dropSession(current);
            }
        }
        throw new SshException("cannot open a channel on " + target.describe() + " for: " + command, last);
    }

    private synchronized Session connectedSession() {
        if (closed) {
            throw new IllegalStateException("SSH session to " + target.describe() + " is closed");
        }
        if (session != null && session.isConnected()) {
            return session;
        }
        JSchException last = null;
        for (int attempt = 1; attempt <= target.connectAttempts(); attempt++) {
            try {
                session = connect();
                return session;
            } catch (JSchUnknownHostKeyException e) {
                throw new SshException("host key of " + target.describe() + " is not in " + target.knownHosts()
                        + " and host key checking is strict: refused. Add the key, or opt in to trust-on-first-use", e);
            } catch (JSchChangedHostKeyException e) {
                throw new SshException("host key of " + target.describe() + " differs from the one in "
                        + target.knownHosts() + ": refused (possible man-in-the-middle, or the host was reinstalled)", e);
            } catch (JSchException e) {
                if (isAuthenticationFailure(e)) {
                    throw new SshException("authentication to " + target.describe() + " failed with key "
                            + target.privateKey() + (target.passwordEnvironmentVariable() == null ? " (password authentication is off)" : ""), e);
                }
                last = e;
                if (attempt < target.connectAttempts()) {
                    sleep(1_000L * attempt);
                }
            }
        }
        throw new SshException("cannot connect to " + target.describe() + " after " + target.connectAttempts()
                + " attempts: " + last.getMessage(), last);
    }

    private Session connect() throws JSchException {
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(hostKeyRepository(jsch));
        if (target.privateKey() != null) {
            if (!Files.isReadable(target.privateKey())) {
                throw new SshException("ssh.privateKey " + target.privateKey() + " is not a readable file");
            }
            jsch.addIdentity(target.privateKey().toString());
        }
        Session fresh = jsch.getSession(target.user(), target.host(), target.port());
        fresh.setConfig("StrictHostKeyChecking", "yes");
        fresh.setConfig("HashKnownHosts", "no");
        String password = passwordFromEnvironment();
        if (password != null) {
            fresh.setPassword(password);
            fresh.setConfig("PreferredAuthentications", "publickey,password");
        } else {
            fresh.setConfig("PreferredAuthentications", "publickey");
        }
        fresh.setServerAliveInterval(SERVER_ALIVE_INTERVAL_MILLIS);
        fresh.setServerAliveCountMax(SERVER_ALIVE_COUNT_MAX);
        fresh.setDaemonThread(true);
        fresh.connect(Math.toIntExact(target.connectTimeout().toMillis()));
        return fresh;
    }

    private String passwordFromEnvironment() {
        if (target.passwordEnvironmentVariable() == null) {
            return null;
        }
        String password = System.getenv(target.passwordEnvironmentVariable());
        if (password == null) {
            throw new SshException("ssh.passwordEnvironmentVariable names " + target.passwordEnvironmentVariable()
                    + ", which is not set");
        }
        return password;
    }

    private HostKeyRepository hostKeyRepository(JSch jsch) throws JSchException {
        Path knownHosts = target.knownHosts();
        if (!Files.isRegularFile(knownHosts)) {
            if (target.hostKeyPolicy() == HostKeyPolicy.STRICT) {
                throw new SshException("ssh.knownHosts " + knownHosts + " does not exist and host key checking is strict");
            }
            try {
                Files.createDirectories(knownHosts.toAbsolutePath().getParent());
                Files.createFile(knownHosts);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + knownHosts, e);
            }
        }
        jsch.setKnownHosts(knownHosts.toString());
        HostKeyRepository known = jsch.getHostKeyRepository();
        return target.hostKeyPolicy() == HostKeyPolicy.STRICT ? known : new TrustOnFirstUse(known, knownHosts);
    }

    private synchronized void dropSession(Session broken) {
        broken.disconnect();
        if (session == broken) {
            session = null;
        }
    }

    private static boolean isAuthenticationFailure(JSchException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Auth fail");
    }

    private static void killQuietly(ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception e) {
            // the channel is disconnected next anyway; the signal is only a courtesy to the remote side
        }
    }

    private static ExecResult result(String command, int exitStatus, ByteArrayOutputStream stdout,
                                     ByteArrayOutputStream stderr, long startedNanos) {
        return new ExecResult(command, exitStatus, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException("interrupted while waiting on SSH", e);
        }
    }

    /** Accepts and records the key of a host seen for the first time; a changed key stays refused. */
    private static final class TrustOnFirstUse implements HostKeyRepository {
        private final HostKeyRepository known;
        private final Path file;

        TrustOnFirstUse(HostKeyRepository known, Path file) {
            this.known = known;
            this.file = file;
        }

        @Override
        public int check(String host, byte[] key) {
            int status = known.check(host, key);
            if (status != NOT_INCLUDED) {
                return status;
            }
            try {
                HostKey first = new HostKey(host, key);
                String line = first.getHost() + " " + first.getType() + " " + first.getKey() + System.lineSeparator();
                Files.writeString(file, line, StandardOpenOption.APPEND);
                return OK;
            } catch (JSchException | IOException e) {
                return NOT_INCLUDED;
            }
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            known.add(hostkey, ui);
        }

        @Override
        public void remove(String host, String type) {
            known.remove(host, type);
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            known.remove(host, type, key);
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return known.getKnownHostsRepositoryID();
        }

        @Override
        public HostKey[] getHostKey() {
            return known.getHostKey();
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return known.getHostKey(host, type);
        }
    }
}
