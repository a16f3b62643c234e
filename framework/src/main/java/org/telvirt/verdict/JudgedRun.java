package org.telvirt.verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telvirt.MeasuredSecond;
import org.telvirt.MediaRun;
import org.telvirt.Role;
import org.telvirt.knob.AppliedKnob;

/**
 * What judging a finding takes from one run: its measured seconds for the claims, and for the premises how many
 * cores each domain kept busy and every knob as the host applied it.
 *
 * @param busyCores by domain, the experiment's cores it kept busy over the measured seconds; a domain the host keeps
 *     no account of is absent
 */
public record JudgedRun(List<MeasuredSecond> seconds, Map<String, Double> busyCores, List<AppliedKnob> applied) {
    public JudgedRun {
        seconds = List.copyOf(seconds);
        busyCores = Map.copyOf(busyCores);
        applied = List.copyOf(applied);
    }

    /** A run the lab measured, its seconds read from its result directory. */
    public static JudgedRun of(MediaRun run) {
        Map<String, Double> busyCores = new LinkedHashMap<>();
        for (String domain : Role.ALL) {
            run.coresUsedBy(domain).ifPresent(cores -> busyCores.put(domain, cores));
        }
        return new JudgedRun(run.seconds(), busyCores, run.applied());
    }
}
