package org.telvirt.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.telvirt.Configuration;
import org.telvirt.Workload;
import org.telvirt.knob.AppliedKnob;

/**
 * A host's domains kept running from one configuration to the next, as VMs run on a real Xen host for a whole
 * experiment: a test class's configurations are each provisioned on them, and only what a configuration's knobs
 * need changes between them. Made by {@link Host#boot(Path)}; closing it stops every domain and restores every
 * knob, verifying each read-back.
 */
public interface BootedHost extends AutoCloseable {

    /**
     * Brings the domains to the configuration (booting them on first use, or again when it needs other domains)
     * and applies its tuning, every change journaled. Closing the returned run ends the configuration (its
     * clients, its scheduler) and leaves the domains running for the next one.
     */
    HostRun provision(Configuration configuration, Path resultDirectory);

    /**
     * Why these domains cannot carry another configuration (a server died, a configuration failed half-way), or
     * empty while they can; the caller then closes them and boots new ones.
     */
    Optional<String> unusableReason();

    /** Stops every program of the domains and restores every knob, verifying each read-back. */
    @Override
    void close();

    /** One configuration on domains booted for it alone: closing the run closes the domains too. */
    static HostRun only(BootedHost domains, Configuration configuration, Path resultDirectory) {
        HostRun run;
        try {
            run = domains.provision(configuration, resultDirectory);
        } catch (RuntimeException failed) {
            try {
                domains.close();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        return new HostRun() {
            @Override
            public List<AppliedKnob> applied() {
                return run.applied();
            }

            @Override
            public List<String> notes() {
                return run.notes();
            }

            @Override
            public Measurement measure(Workload workload, Path directory) throws InterruptedException {
                return run.measure(workload, directory);
            }

            @Override
            public void close() {
                try {
                    run.close();
                } finally {
                    domains.close();
                }
            }
        };
    }
}
