package org.telvirt.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.telvirt.Configuration;

/**
 * A machine the media workload runs on, as the extension sees it. One per test class; a driver
 * ({@link HostDriver}) makes it from a {@link HostProfile}.
 */
public interface Host extends AutoCloseable {

    HostProfile profile();

    /**
     * Everything in the configuration this host cannot apply as asked, each naming the annotation
     * and value (a pin to a core the host lacks, a weight out of range). Checked before anything
     * changes; empty when the configuration is fine.
     */
    List<String> validate(Configuration configuration);

    /**
     * Why this host cannot run the configuration at all (a test then is skipped with the reason),
     * or empty when it can.
     */
    Optional<String> unsupportedReason(Configuration configuration);

    /**
     * Why this host lacks a capability a paper finding needs (docs/findings.md, section 4), or empty when it has it;
     * answered from the profile and probes, before anything on the host changes.
     */
    Optional<String> lacks(HostCapability capability);

    /**
     * Makes the domains, applies the tuning (every change journaled) and starts the servers.
     * Closing the returned run stops every process and restores every knob, also after a failure.
     */
    HostRun provision(Configuration configuration, Path resultDirectory);

    /**
     * Domains that stay up across the configurations provisioned on them, their own logs in {@code directory}. By
     * default nothing stays up: each configuration is provisioned, and restored, on its own.
     */
    default BootedHost boot(Path directory) {
        return new BootedHost() {
            @Override
            public HostRun provision(Configuration configuration, Path resultDirectory) {
                return Host.this.provision(configuration, resultDirectory);
            }

            @Override
            public Optional<String> unusableReason() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The {@code /proc/stat} whose steal tells whether the machine was disturbed while a run measured: this
     * machine's. The xen driver keeps it too: Dom0's steal is mostly the experiment's own weights and caps, Xen
     * holding Dom0's vCPUs back as asked, so it could not tell a disturbance from the configuration under test.
     */
    default CpuAccounting cpuAccounting() {
        return CpuAccounting.LOCAL;
    }

    @Override
    void close();
}
