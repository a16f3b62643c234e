package org.telvirt.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.telvirt.Role;
import org.telvirt.knob.CpuSet;
import org.telvirt.ssh.SshTarget;

/**
 * A host as a YAML file in {@code host-profiles/}: which driver runs it, the experiment's cores and
 * how they share L2 caches, how the standard domains map to the host's real ones, and how to reach
 * it. Unknown keys are errors, so a typo never silently changes an experiment.
 *
 * @param name the profile's name, as given to {@code -Dtelvirt.host}
 * @param driver {@code native}, {@code emulated} or {@code xen}
 * @param cores the experiment's cores (the paper's host has 4); pins and caps refer to these
 * @param l2Groups cores that share an L2 cache, e.g. {@code [[0,1],[2,3]]}
 * @param physicalCpus the real CPUs the emulated host may use ({@code "0-1"}); empty for all online
 * @param streamScale the fraction of the paper's stream counts this host runs (the paper's 800
 *     streams at 0.15 are 120); every result states both numbers
 * @param scheduler for {@code emulated}: {@code credit} (Xen's time structure) or {@code cgroup}
 * @param domains standard domain name to the host's domain name (for {@code xen})
 * @param ssh how to reach the host (for {@code xen})
 * @param generators the machines that send the RTP streams, when not only this one ({@link Generators})
 * @param settings driver-specific settings, each documented by its driver
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record HostProfile(String name, String driver, String description, Integer cores, List<List<Integer>> l2Groups,
                          String physicalCpus, Double streamScale, String scheduler, Map<String, String> domains,
                          SshTarget ssh, Generators generators, Map<String, String> settings) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public int coreCount() {
        return cores == null ? Runtime.getRuntime().availableProcessors() : cores;
    }

    public double streamScaleOrDefault() {
        return streamScale == null ? 1.0 : streamScale;
    }

    public String domainName(String role) {
        return domains == null ? role : domains.getOrDefault(role, role);
    }

    public String setting(String key, String fallback) {
        return settings == null ? fallback : settings.getOrDefault(key, fallback);
    }

    /** Problems with the profile itself, each naming the key; empty when it is usable. */
    public List<String> problems(String source) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(source + ": 'name' is missing");
        } else if (!NAME.matcher(name).matches()) {
            problems.add(source + ": 'name' \"" + name + "\" must be letters, digits, '_', '.' or '-' (it names files,"
                    + " such as the host's knob journal)");
        }
        if (driver == null || driver.isBlank()) {
            problems.add(source + ": 'driver' is missing (native, emulated or xen)");
        }
        if (cores != null && (cores < 1 || cores > 1024)) {
            problems.add(source + ": 'cores' must be 1..1024, got " + cores);
        }
        if (streamScale != null && !(streamScale > 0 && streamScale <= 1)) {
            problems.add(source + ": 'streamScale' must be in (0, 1], got " + streamScale);
        }
        if (physicalCpus != null && !physicalCpus.isBlank()) {
            try {
                CpuSet.parse(physicalCpus);
            } catch (IllegalArgumentException malformed) {
                problems.add(source + ": 'physicalCpus' " + malformed.getMessage());
            }
        }
        if (l2Groups != null) {
            for (List<Integer> group : l2Groups) {
                for (Integer core : group) {
                    if (core == null || core < 0 || core >= coreCount()) {
                        problems.add(source + ": 'l2Groups' names core " + core + " but the profile has "
                                + coreCount() + " cores");
                    }
                }
            }
        }
        if (domains != null) {
            domains.keySet().stream().filter(role -> !Role.ALL.contains(role))
                    .forEach(role -> problems.add(source + ": 'domains' has unknown role '" + role + "' (known: "
                            + String.join(", ", Role.ALL) + ")"));
        }
        if (generators != null) {
            problems.addAll(generators.problems(source, driver));
        }
        return problems;
    }
}
