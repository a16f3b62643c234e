package org.telvirt.host.xen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credit cpupool's time slice and rate limit, from {@code xl sched-credit -s -p POOL}
 * ({@code Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us}).
 */
public record PoolSchedulerParams(String pool, int timesliceMillis, int ratelimitMicros) {

    private static final Pattern LINE = Pattern.compile("Cpupool (\\S+): tslice=(\\d+)ms ratelimit=(\\d+)us.*");

    public static PoolSchedulerParams parse(String output) {
        for (String line : output.split("\n")) {
            Matcher matcher = LINE.matcher(line.strip());
            if (matcher.matches()) {
                return new PoolSchedulerParams(matcher.group(1), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)));
            }
        }
        throw new IllegalArgumentException("not the output of 'xl sched-credit -s': " + output.strip());
    }
}
