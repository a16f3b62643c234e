package org.telvirt.hostkit.journal;

/**
 * One undone journal entry: what it was, the value found before undoing it, the value read back after, and
 * whether the read-back matched what the journal recorded.
 */
public record RestoreStep(String kind, String target, String before, String after, boolean verified, String detail) {

    static RestoreStep verified(String kind, String target, String before, String after, String detail) {
        return new RestoreStep(kind, target, before, after, true, detail);
    }

    static RestoreStep failed(String kind, String target, String before, String after, String detail) {
        return new RestoreStep(kind, target, before, after, false, detail);
    }

    /** One line, e.g. {@code ok    file-write         /sys/fs/cgroup/cpu/x/cpu.shares: 8192 -> 1024}. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(verified ? "ok    " : "FAIL  ")
                .append(String.format("%-18s ", kind)).append(target);
        if (before != null || after != null) {
            line.append(": ").append(show(before)).append(" -> ").append(show(after));
        }
        if (detail != null && !detail.isEmpty()) {
            line.append(" (").append(detail).append(')');
        }
        return line.toString();
    }

    private static String show(String value) {
        return value == null ? "-" : value.isEmpty() ? "\"\"" : value;
    }
}
