package org.telvirt.ssh;

/** How an SSH host key that is not yet in the known_hosts file is treated. */
public enum HostKeyPolicy {
    /** Only keys already in known_hosts are accepted; an unknown or changed key ends the connection. */
    STRICT,
    /**
     * An unknown host's key is accepted once and appended to known_hosts; a key that differs from
     * the recorded one is still refused. Only by explicit opt-in.
     */
    TRUST_ON_FIRST_USE
}
