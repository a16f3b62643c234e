package org.telvirt.hostkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Small readers of /proc and of cgroup files shared by the journal, the cgroups and the credit scheduler. */
public final class ProcFs {
    private ProcFs() {
    }

    /**
     * The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), the identity that
     * tells a live process from a recycled pid; empty when the process is gone.
     */
    public static OptionalLong startTicks(long pid) {
        Optional<String> stat = readIfExists(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return OptionalLong.empty();
        }
        String[] afterComm = fieldsAfterComm(stat.get());
        // fields after "(comm)": index 0 is field 3 (state), so field 22 is index 19
        return OptionalLong.of(Long.parseLong(afterComm[19]));
    }

    /** The one-letter state of a process (R, S, D, Z, T, ...), or empty when it is gone. */
    public static Optional<Character> state(long pid) {
        return readIfExists(Path.of("/proc", Long.toString(pid), "stat"))
                .map(stat -> fieldsAfterComm(stat)[0].charAt(0));
    }

    /**
     * True when the process with this pid still is the one that was started at {@code startTicks} and has not exited.
     * A zombie whose other threads are still exiting counts as running: until they are gone they stay in its cgroups,
     * and a cgroup with tasks refuses an empty cpuset.
     */
    public static boolean isRunning(long pid, long startTicks) {
        OptionalLong now = startTicks(pid);
        if (now.isEmpty() || now.getAsLong() != startTicks) {
            return false;
        }
        return state(pid).map(s -> s == 'Z' ? threadCount(pid) > 1 : s != 'X').orElse(false);
    }

    private static long threadCount(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException gone) {
            return 0;
        }
    }

    /** The command line of a process, arguments joined by spaces; empty when it is gone. */
    public static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The cgroup path of a process in the v1 hierarchy holding {@code controller}, or in the v2 hierarchy for "". */
    public static Optional<String> cgroupOf(long pid, String controller) {
        Optional<String> content = readIfExists(Path.of("/proc", Long.toString(pid), "cgroup"));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        for (String line : content.get().split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            boolean v2 = parts[0].equals("0") && parts[1].isEmpty();
            if (controller.isEmpty() ? v2 : List.of(parts[1].split(",")).contains(controller)) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }

    /** The pids listed in a cgroup's {@code cgroup.procs}; empty when the cgroup is gone. */
    public static List<Long> pidsIn(Path cgroupDir) {
        List<Long> pids = new ArrayList<>();
        readIfExists(cgroupDir.resolve("cgroup.procs")).ifPresent(content -> {
            for (String line : content.split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        });
        return pids;
    }

    /** Reads a whole (small) file, or empty when it does not exist. */
    public static Optional<String> readIfExists(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String[] fieldsAfterComm(String stat) {
        // the command name may hold spaces and parentheses: the fields start after the last ')'
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
