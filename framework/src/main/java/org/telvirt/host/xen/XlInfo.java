package org.telvirt.host.xen;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host facts {@code xl info} prints, as {@code key : value} lines. */
public record XlInfo(Map<String, String> fields) {

    public XlInfo {
        fields = Map.copyOf(fields);
    }

    public static XlInfo parse(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (!fields.containsKey("xen_version")) {
            throw new IllegalArgumentException("not the output of 'xl info' (no xen_version): " + output.strip());
        }
        return new XlInfo(fields);
    }

    public String field(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("'xl info' printed no " + name);
        }
        return value;
    }

    public int nrCpus() {
        return Integer.parseInt(field("nr_cpus"));
    }

    public int nrNodes() {
        return Integer.parseInt(field("nr_nodes"));
    }

    public int coresPerSocket() {
        return Integer.parseInt(field("cores_per_socket"));
    }

    public int threadsPerCore() {
        return Integer.parseInt(field("threads_per_core"));
    }

    public String xenVersion() {
        return field("xen_version");
    }

    /** The scheduler of the default cpupool, as Xen was booted ({@code sched=}). */
    public String xenScheduler() {
        return field("xen_scheduler");
    }

    public String xenCommandLine() {
        return field("xen_commandline");
    }

    /** {@code pv}, {@code hvm}, {@code shadow}, {@code hap}, ...: under QEMU TCG only PV guests run. */
    public List<String> virtCaps() {
        return Arrays.asList(field("virt_caps").split("\\s+"));
    }
}
