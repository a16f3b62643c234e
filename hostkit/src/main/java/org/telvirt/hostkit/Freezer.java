package org.telvirt.hostkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Freezing and thawing a cgroup in either version: the v1 {@code freezer.state} or the v2 {@code cgroup.freeze}.
 * A process in a frozen cgroup cannot even die, so every undo thaws before it stops or removes anything.
 */
public final class Freezer {
    /** The knob that freezes a v1 cgroup. */
    public static final String V1_STATE = "freezer.state";
    /** The knob that freezes a v2 cgroup. */
    public static final String V2_FREEZE = "cgroup.freeze";

    private Freezer() {
    }

    /** The file that freezes this cgroup, if it has one (the root cgroup has none). */
    public static Optional<Path> freezeKnob(Path cgroupDir) {
        for (String name : new String[] {V1_STATE, V2_FREEZE}) {
            Path knob = cgroupDir.resolve(name);
            if (Files.exists(knob)) {
                return Optional.of(knob);
            }
        }
        return Optional.empty();
    }

    /** The value that freezes ({@code frozen}) or thaws a cgroup through {@code knob}. */
    public static String value(Path knob, boolean frozen) {
        if (knob.getFileName().toString().equals(V1_STATE)) {
            return frozen ? "FROZEN" : "THAWED";
        }
        return frozen ? "1" : "0";
    }

    /** Thaws the cgroup if it can be frozen; true when it had been frozen (or freezing). */
    public static boolean thaw(Path cgroupDir) throws IOException {
        Optional<Path> knob = freezeKnob(cgroupDir);
        if (knob.isEmpty()) {
            return false;
        }
        String state = KnobFiles.read(knob.get());
        boolean wasFrozen = !state.equals(value(knob.get(), false));
        if (wasFrozen) {
            KnobFiles.write(knob.get(), value(knob.get(), false));
        }
        return wasFrozen;
    }

    /** The cgroup that freezes this process: its v1 freezer cgroup, else its v2 cgroup; empty when it is gone. */
    public static Optional<Path> cgroupOf(long pid, CgroupMounts mounts) {
        Path v1Mount = mounts.v1Controllers().get("freezer");
        if (v1Mount != null) {
            return ProcFs.cgroupOf(pid, "freezer").map(path -> v1Mount.resolve(path.substring(1)));
        }
        return mounts.v2Root().flatMap(root -> ProcFs.cgroupOf(pid, "").map(path -> root.resolve(path.substring(1))));
    }

    /** The top of the hierarchy holding {@code cgroupDir}: the highest ancestor that still is a cgroup. */
    public static Path hierarchyRoot(Path cgroupDir) {
        Path root = cgroupDir;
        while (root.getParent() != null && Files.exists(root.getParent().resolve("cgroup.procs"))) {
            root = root.getParent();
        }
        return root;
    }
}
