package org.telvirt.verdict;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.telvirt.Configuration;
import org.telvirt.Figure;
import org.telvirt.host.HostCapability;

/**
 * One of the paper's findings as docs/findings.md fixes it: the figure it reads, its claims with their fixed
 * thresholds, the premises of its regime, and the host capabilities without which it is not applicable.
 *
 * @param id {@code F1}
 * @param title what the paper found, in a line
 * @param figure the figure whose configurations it compares; configurations of other figures are labelled with theirs
 */
public record Finding(String id, String title, Figure figure, List<Claim> claims, List<Premise> premises,
                      Set<HostCapability> needs) {
    public Finding {
        claims = List.copyOf(claims);
        premises = List.copyOf(premises);
        needs = Set.copyOf(needs);
        if (claims.isEmpty()) {
            throw new IllegalArgumentException(id + " has no claim to judge");
        }
    }

    /** Every configuration its claims and premises read, each once, in the order of the figures' columns. */
    public List<Configuration> configurations() {
        Set<Configuration> configurations = new LinkedHashSet<>();
        claims.forEach(claim -> configurations.addAll(claim.statistic().configurations()));
        premises.forEach(premise -> configurations.addAll(premise.configurations()));
        return configurations.stream().sorted(Comparator.comparing((Configuration column) -> column.figure())
                .thenComparing(column -> column.figure().configurations().indexOf(column))).toList();
    }

    /** {@code D} for a column of the finding's figure, {@code Figure 11 720} for another figure's. */
    public String label(Configuration configuration) {
        return configuration.figure() == figure || configuration.figure() == null ? configuration.id()
                : "Figure " + configuration.figure().number() + " " + configuration.id();
    }

    /** The figure's columns {@code ids}, in order. */
    static List<Configuration> columns(Figure figure, String... ids) {
        return Stream.of(ids).map(figure::configuration).toList();
    }
}
