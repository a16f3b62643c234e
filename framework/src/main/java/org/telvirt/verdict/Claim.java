package org.telvirt.verdict;

import java.util.EnumSet;
import java.util.Set;
import org.telvirt.host.HostCapability;

/**
 * One claim of a finding: a statistic, fixed in advance with its threshold or margin (docs/findings.md, sections 2
 * and 3), and the host capabilities it needs beyond its finding's (Figure 7's 2.2 needs a Dom0 that survives its cap).
 *
 * @param id the claim's name in docs/findings.md, {@code F1.1}
 */
public record Claim(String id, Statistic statistic, Criterion criterion, Set<HostCapability> needs) {
    public Claim {
        needs = Set.copyOf(needs);
    }

    public static Claim of(String id, Statistic statistic, Criterion criterion) {
        return new Claim(id, statistic, criterion, Set.of());
    }

    /** The same claim, judged only on a host with {@code capability}. */
    public Claim needing(HostCapability capability) {
        Set<HostCapability> more = EnumSet.of(capability);
        more.addAll(needs);
        return new Claim(id, statistic, criterion, more);
    }
}
