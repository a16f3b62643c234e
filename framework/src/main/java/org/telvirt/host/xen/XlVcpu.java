package org.telvirt.host.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code xl vcpu-list}.
 *
 * @param cpu the physical CPU the vCPU is on, or -1 when it is not running anywhere ({@code -})
 * @param hardAffinity where the vCPU may run ({@code all}, {@code 1}, {@code 0-1}); what {@code xl vcpu-pin} sets
 * @param softAffinity where it prefers to run
 */
public record XlVcpu(String domain, int domainId, int vcpu, int cpu, String state, double cpuSeconds,
                     String hardAffinity, String softAffinity) {

    private static final Pattern ROW = Pattern.compile(
            "(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+|-)\\s+(\\S+)\\s+([\\d.]+)\\s+(.+?)\\s*/\\s*(.+?)\\s*");

    public static List<XlVcpu> parseList(String output) {
        List<XlVcpu> vcpus = new ArrayList<>();
        for (String line : XlTable.rows(output, "Name", "xl vcpu-list")) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                throw new IllegalArgumentException("unexpected 'xl vcpu-list' row: " + line);
            }
            vcpus.add(new XlVcpu(row.group(1), Integer.parseInt(row.group(2)), Integer.parseInt(row.group(3)),
                    row.group(4).equals("-") ? -1 : Integer.parseInt(row.group(4)), row.group(5),
                    Double.parseDouble(row.group(6)), row.group(7), row.group(8)));
        }
        return vcpus;
    }
}
