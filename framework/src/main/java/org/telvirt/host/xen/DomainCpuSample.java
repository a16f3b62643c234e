package org.telvirt.host.xen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The domains' CPU seconds as {@code xl list} showed them at one moment of this machine's clock (the middle of the
 * command's round trip): two samples around a run give each domain's busy cores over it, Xen's own account.
 */
record DomainCpuSample(long atNanos, List<XlDomain> domains) {

    /** Reads {@code xl list} on Dom0 now. */
    static DomainCpuSample take(Xl xl) {
        long sent = System.nanoTime();
        List<XlDomain> domains = xl.domains();
        return new DomainCpuSample(sent + (System.nanoTime() - sent) / 2, domains);
    }

    /**
     * Per role, the cores its domain kept busy between {@code this} sample and {@code later}: CPU seconds over wall
     * seconds. A role whose domain is missing from either sample, or was made again in between (another id), has none.
     */
    Map<String, Double> coresUsedUntil(DomainCpuSample later, Map<String, String> domainByRole) {
        double wallSeconds = (later.atNanos - atNanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        if (wallSeconds <= 0) {
            return cores;
        }
        domainByRole.forEach((role, name) -> find(name).ifPresent(first -> later.find(name)
                .filter(last -> last.id() == first.id())
                .ifPresent(last -> cores.put(role, Math.max(0, last.cpuSeconds() - first.cpuSeconds()) / wallSeconds))));
        return cores;
    }

    private Optional<XlDomain> find(String name) {
        return domains.stream().filter(domain -> domain.name().equals(name)).findFirst();
    }
}
