package org.telvirt.host;

import java.util.Map;

/**
 * Per role, the cores its domain kept busy while the clients ran, by the hypervisor's own account (Xen: {@code xl
 * list} CPU seconds over the wall time between two samples); one JSON line among a run's host statistics.
 */
public record DomainCores(Map<String, Double> coresUsedByRole) {
    public DomainCores {
        coresUsedByRole = Map.copyOf(coresUsedByRole);
    }
}
