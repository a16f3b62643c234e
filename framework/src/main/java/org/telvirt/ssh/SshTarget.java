package org.telvirt.ssh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How to reach a remote machine (a Xen Dom0, a load generator) over SSH. Host keys are checked
 * against {@code knownHostsFile}; an unknown key is refused unless {@code trustOnFirstUse} is set.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SshTarget(String host, Integer port, String user, String identityFile, String knownHostsFile,
                        boolean trustOnFirstUse) {
    public int portOrDefault() {
        return port == null ? 22 : port;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + portOrDefault();
    }
}
