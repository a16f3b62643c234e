package org.telvirt.knob;

import java.util.BitSet;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A set of CPU numbers written as Linux and Xen write them: {@code "0-1,3"}. */
public final class CpuSet {
    private static final Pattern SYNTAX = Pattern.compile("\\d{1,3}(-\\d{1,3})?(,\\d{1,3}(-\\d{1,3})?)*");
    private final BitSet cpus;

    private CpuSet(BitSet cpus) {
        this.cpus = cpus;
    }

    /** Parses {@code "0-1,3"}; throws {@link IllegalArgumentException} naming the text when malformed. */
    public static CpuSet parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!SYNTAX.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a CPU list such as \"0-1,3\"");
        }
        BitSet bits = new BitSet();
        for (String part : trimmed.split(",")) {
            int dash = part.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
            if (last < first) {
                throw new IllegalArgumentException("'" + text + "' has a descending range " + part);
            }
            bits.set(first, last + 1);
        }
        return new CpuSet(bits);
    }

    public static CpuSet range(int first, int lastInclusive) {
        BitSet bits = new BitSet();
        bits.set(first, lastInclusive + 1);
        return new CpuSet(bits);
    }

    public static CpuSet of(int... cpus) {
        BitSet bits = new BitSet();
        for (int cpu : cpus) {
            bits.set(cpu);
        }
        return new CpuSet(bits);
    }

    public boolean contains(int cpu) {
        return cpus.get(cpu);
    }

    public int size() {
        return cpus.cardinality();
    }

    public int highest() {
        return cpus.length() - 1;
    }

    public int[] toArray() {
        return cpus.stream().toArray();
    }

    /** The canonical Linux form, ranges collapsed: {@code 0-2,5}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        int start = cpus.nextSetBit(0);
        while (start >= 0) {
            int end = cpus.nextClearBit(start) - 1;
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(start);
            if (end > start) {
                text.append('-').append(end);
            }
            start = cpus.nextSetBit(end + 1);
        }
        return text.toString();
    }

    public String toCommaList() {
        return cpus.stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CpuSet that && cpus.equals(that.cpus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cpus);
    }
}
