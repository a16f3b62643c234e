package org.telvirt.host.xen;

import java.nio.file.Path;

/** The sshd_config of a test's own OpenSSH server: key authentication only, keys in the test's directory. */
public final class SshdConfig {
    private SshdConfig() {
    }

    public static String of(String listenAddress, int port, Path directory, String user) {
        return String.join("\n",
                "Port " + port,
                "ListenAddress " + listenAddress,
                "HostKey " + directory.resolve("host_ed25519"),
                "AuthorizedKeysFile " + directory.resolve("authorized_keys"),
                "PidFile none",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "AllowUsers " + user,
                "LogLevel ERROR",
                "");
    }
}
