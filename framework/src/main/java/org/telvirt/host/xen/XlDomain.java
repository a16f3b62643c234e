package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code xl list} or {@code xl list -c}.
 *
 * @param cpupool the domain's cpupool, or {@code null} when listed without {@code -c}
 */
public record XlDomain(String name, int id, int memoryMib, int vcpus, String state, double cpuSeconds, String cpupool) {

    public static final String DOMAIN_0 = "Domain-0";

    public static List<XlDomain> parseList(String output) {
        List<XlDomain> domains = new ArrayList<>();
        for (String line : XlTable.rows(output, "Name", "xl list")) {
            String[] column = XlTable.columns(line, 6, "xl list");
            domains.add(new XlDomain(column[0], Integer.parseInt(column[1]), Integer.parseInt(column[2]),
                    Integer.parseInt(column[3]), column[4], Double.parseDouble(column[5]),
                    column.length > 6 ? column[6] : null));
        }
        return domains;
    }

    /** Whether {@code xl pause} holds the domain (state flag {@code p}). */
    public boolean paused() {
        return state.indexOf('p') >= 0;
    }
}
