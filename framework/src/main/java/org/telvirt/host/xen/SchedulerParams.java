package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain's credit or credit2 parameters, as {@code xl sched-credit -d D} (or {@code sched-credit2})
 * prints them.
 *
 * @param weight relative share, 1-65535, default 256
 * @param cap    upper limit in percent of one physical CPU, 0 = none
 */
public record SchedulerParams(String domain, int domainId, int weight, int cap) {

    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 65535;
    public static final int DEFAULT_WEIGHT = 256;
    public static final int NO_CAP = 0;

    public static List<SchedulerParams> parseList(String output) {
        List<SchedulerParams> params = new ArrayList<>();
        for (String line : XlTable.rows(output, "Name", "xl sched-credit")) {
            String[] column = XlTable.columns(line, 4, "xl sched-credit");
            params.add(new SchedulerParams(column[0], Integer.parseInt(column[1]), Integer.parseInt(column[2]),
                    Integer.parseInt(column[3])));
        }
        return params;
    }

    /** The one domain's row of {@code xl sched-credit -d D}. */
    public static SchedulerParams parse(String output, String domain) {
        return parseList(output).stream().filter(p -> p.domain.equals(domain)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for domain " + domain + " in: " + output.strip()));
    }

    public static int requireWeight(int weight) {
        if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is outside Xen's range " + MIN_WEIGHT + "-" + MAX_WEIGHT);
        }
        return weight;
    }

    public static int requireCap(int cap, int vcpus) {
        if (cap < 0 || cap > 100 * vcpus) {
            throw new IllegalArgumentException("cap " + cap + " % is outside 0 (none) to " + 100 * vcpus
                    + " % (100 % per vCPU of the domain's " + vcpus + ")");
        }
        return cap;
    }
}
