package org.telvirt.verdict;

import java.util.Optional;
import org.telvirt.host.HostCapability;

/** What the host under judgement can do (docs/findings.md, section 4), asked before anything runs. */
@FunctionalInterface
public interface HostCapabilities {
    /** Why the host lacks {@code capability}, or empty when it has it. */
    Optional<String> lacks(HostCapability capability);
}
