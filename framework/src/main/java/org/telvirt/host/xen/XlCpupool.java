package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of {@code xl cpupool-list}. */
public record XlCpupool(String name, int cpuCount, String scheduler, boolean active, int domainCount) {

    public static final String POOL_0 = "Pool-0";

    public static List<XlCpupool> parseList(String output) {
        List<XlCpupool> pools = new ArrayList<>();
        for (String line : XlTable.rows(output, "Name", "xl cpupool-list")) {
            String[] column = XlTable.columns(line, 5, "xl cpupool-list");
            pools.add(new XlCpupool(column[0], Integer.parseInt(column[1]), column[2], column[3].equals("y"),
                    Integer.parseInt(column[4])));
        }
        return pools;
    }

    /** Pool name to its CPU list ({@code 0,1}; empty when the pool holds no CPU), from {@code xl cpupool-list -c}. */
    public static Map<String, String> parseCpuLists(String output) {
        Map<String, String> cpus = new LinkedHashMap<>();
        for (String line : XlTable.rows(output, "Name", "xl cpupool-list -c")) {
            String[] column = line.split("\\s+", 2);
            cpus.put(column[0], column.length > 1 ? column[1].strip() : "");
        }
        return cpus;
    }

    public XenScheduler xenScheduler() {
        return XenScheduler.fromXlName(scheduler);
    }
}
