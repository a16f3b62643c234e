package org.telvirt.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach a host over SSH: the connection part of a host profile.
 *
 * @param host               host name or address
 * @param port               TCP port
 * @param user               login user
 * @param privateKey         the private key file used for public-key authentication
 * @param knownHosts         the known_hosts file the host key is checked against
 * @param hostKeyPolicy      {@link HostKeyPolicy#STRICT} unless trust-on-first-use is wanted explicitly
 * @param passwordEnvironmentVariable the environment variable holding a password, or {@code null}:
 *                           password authentication is off unless this is set
 * @param connectTimeout     limit for the TCP connection plus the SSH handshake
 * @param commandTimeout     default limit for one remote command
 * @param connectAttempts    how often a connection is tried before giving up (a dropped one too)
 */
public record SshSettings(
        String host,
        int port,
        String user,
        Path privateKey,
        Path knownHosts,
        HostKeyPolicy hostKeyPolicy,
        String passwordEnvironmentVariable,
        Duration connectTimeout,
        Duration commandTimeout,
        int connectAttempts) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_CONNECT_ATTEMPTS = 3;

    public SshSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("ssh.host must be set");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ssh.port " + port + " is not a TCP port (1-65535)");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("ssh.user must be set");
        }
        Objects.requireNonNull(knownHosts, "ssh.knownHosts must be set: host keys are always checked");
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.STRICT : hostKeyPolicy;
        if (privateKey == null && passwordEnvironmentVariable == null) {
            throw new IllegalArgumentException("ssh.privateKey must be set (password authentication is off unless ssh.passwordEnvironmentVariable is given)");
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "ssh.connectTimeout");
        commandTimeout = positive(commandTimeout, DEFAULT_COMMAND_TIMEOUT, "ssh.commandTimeout");
        if (connectAttempts < 1) {
            connectAttempts = DEFAULT_CONNECT_ATTEMPTS;
        }
    }

    /**
     * The settings of a host profile's {@code ssh:} entry: key authentication, host keys checked
     * strictly unless the profile says {@code trustOnFirstUse: true}, no password authentication,
     * default timeouts. {@code ~/} in file names means the user's home.
     */
    public static SshSettings from(SshTarget profile) {
        if (profile.identityFile() == null || profile.identityFile().isBlank()) {
            throw new IllegalArgumentException("ssh.identityFile of " + profile + " must be set (key authentication only)");
        }
        if (profile.knownHostsFile() == null || profile.knownHostsFile().isBlank()) {
            throw new IllegalArgumentException("ssh.knownHostsFile of " + profile + " must be set: host keys are always checked");
        }
        return new SshSettings(profile.host(), profile.portOrDefault(), profile.user(), expandHome(profile.identityFile()),
                expandHome(profile.knownHostsFile()),
                profile.trustOnFirstUse() ? HostKeyPolicy.TRUST_ON_FIRST_USE : HostKeyPolicy.STRICT, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_ATTEMPTS);
    }

    static Path expandHome(String file) {
        return file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2)) : Path.of(file);
    }

    /** Key authentication, strict host key checking, default timeouts. */
    public static SshSettings of(String host, int port, String user, Path privateKey, Path knownHosts) {
        return new SshSettings(host, port, user, privateKey, knownHosts, HostKeyPolicy.STRICT, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_ATTEMPTS);
    }

    public SshSettings withHostKeyPolicy(HostKeyPolicy policy) {
        return new SshSettings(host, port, user, privateKey, knownHosts, policy, passwordEnvironmentVariable,
                connectTimeout, commandTimeout, connectAttempts);
    }

    public SshSettings withCommandTimeout(Duration timeout) {
        return new SshSettings(host, port, user, privateKey, knownHosts, hostKeyPolicy, passwordEnvironmentVariable,
                connectTimeout, timeout, connectAttempts);
    }

    public SshSettings withConnectTimeout(Duration timeout, int attempts) {
        return new SshSettings(host, port, user, privateKey, knownHosts, hostKeyPolicy, passwordEnvironmentVariable,
                timeout, commandTimeout, attempts);
    }

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
