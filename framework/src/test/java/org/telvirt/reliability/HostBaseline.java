package org.telvirt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.telvirt.hostkit.CgroupMounts;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.ProcFs;
import org.telvirt.hostkit.journal.DirectoryCreated;
import org.telvirt.hostkit.journal.FileWrite;
import org.telvirt.hostkit.journal.ProcessStarted;
import org.telvirt.hostkit.journal.Undo;

/**
 * The host as a test found it: the knobs at the top of every cgroup hierarchy, the {@code telvirt-*}
 * cgroups there, and this JVM's child processes. After a run, {@link #assertRestored} checks that
 * every change the run journalled was undone and that nothing else changed.
 */
final class HostBaseline {
    /** The knobs a run could change outside the cgroups it creates. */
    private static final List<String> ROOT_KNOBS = List.of("cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us",
            "cpu.rt_runtime_us", "cpu.idle", "cpuset.cpus", "cpuset.mems", "cpuset.sched_load_balance",
            "cpuset.cpu_exclusive", "cgroup.clone_children", "notify_on_release", "cgroup.subtree_control",
            "cpu.weight", "cpu.max");

    private final Map<Path, String> rootKnobs;
    private final Set<Path> telvirtCgroups;
    private final Set<Long> children;

    private HostBaseline(Map<Path, String> rootKnobs, Set<Path> telvirtCgroups, Set<Long> children) {
        this.rootKnobs = rootKnobs;
        this.telvirtCgroups = telvirtCgroups;
        this.children = children;
    }

    static HostBaseline take() throws IOException {
        return new HostBaseline(rootKnobs(), telvirtCgroups(), descendants());
    }

    /**
     * Every file the journalled changes wrote reads back its old value (or went with its cgroup),
     * every cgroup they created is gone, every process they started has ended; no journal is left,
     * no {@code telvirt-*} cgroup of the given JVMs exists, the hierarchies' own knobs are as
     * before, and this JVM has no child it did not have before.
     *
     * @return how many journalled changes were checked
     */
    int assertRestored(List<Undo> changes, JournalWatch journals, long... runJvmPids) throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Undo change : changes) {
            if (change instanceof FileWrite write) {
                Path knob = Path.of(write.path());
                if (Files.exists(knob)) {
                    softly.assertThat(KnobFiles.read(knob)).as("%s reads back its old value", knob)
                            .isEqualTo(write.oldValue().trim());
                } else {
                    softly.assertThat(knob.getParent()).as("the cgroup holding %s is gone", knob).doesNotExist();
                }
            } else if (change instanceof DirectoryCreated created) {
                softly.assertThat(Path.of(created.path())).as("cgroup created by the run").doesNotExist();
            } else if (change instanceof ProcessStarted started) {
                softly.assertThat(ProcFs.isRunning(started.pid(), started.startTicks()))
                        .as("process %d (%s) of the run is still running", started.pid(), started.command()).isFalse();
            }
        }
        softly.assertThat(journals.journalsLeft()).as("journals left").isEmpty();
        softly.assertThat(rootKnobs()).as("the knobs of the cgroup hierarchies").isEqualTo(rootKnobs);
        Set<Path> added = new LinkedHashSet<>(telvirtCgroups());
        added.removeAll(telvirtCgroups);
        for (long pid : runJvmPids) {
            softly.assertThat(added).as("telvirt cgroups of the run in JVM %d", pid)
                    .noneMatch(cgroup -> cgroup.getFileName().toString().matches("telvirt-.*-" + pid + "-\\d+"));
        }
        Set<Long> newChildren = new LinkedHashSet<>(descendants());
        newChildren.removeAll(children);
        softly.assertThat(newChildren.stream().map(ProcFs::commandLine).toList()).as("processes this JVM left running")
                .isEmpty();
        softly.assertAll();
        return changes.size();
    }

    /** Asserts that the journalled changes include cgroups and processes: a run that touched nothing proves nothing. */
    static void assertTouchedTheHost(List<Undo> changes) {
        assertThat(changes).as("journalled changes of the run").anyMatch(DirectoryCreated.class::isInstance)
                .anyMatch(ProcessStarted.class::isInstance);
    }

    private static List<Path> hierarchies() {
        CgroupMounts mounts = CgroupMounts.current();
        List<Path> roots = new ArrayList<>(new LinkedHashSet<>(mounts.v1Controllers().values()));
        mounts.v2Root().ifPresent(roots::add);
        return roots;
    }

    private static Map<Path, String> rootKnobs() throws IOException {
        Map<Path, String> knobs = new LinkedHashMap<>();
        for (Path root : hierarchies()) {
            for (String name : ROOT_KNOBS) {
                Path knob = root.resolve(name);
                if (Files.isReadable(knob)) {
                    knobs.put(knob, KnobFiles.read(knob));
                }
            }
        }
        return knobs;
    }

    private static Set<Path> telvirtCgroups() throws IOException {
        Set<Path> cgroups = new LinkedHashSet<>();
        for (Path root : hierarchies()) {
            try (Stream<Path> entries = Files.list(root)) {
                entries.filter(entry -> entry.getFileName().toString().startsWith("telvirt")).forEach(cgroups::add);
            }
        }
        return cgroups;
    }

    /** Children still running: a zombie has ended, only the JVM's reaper thread has not collected it yet. */
    private static Set<Long> descendants() {
        Set<Long> pids = new LinkedHashSet<>();
        ProcessHandle.current().descendants()
                .filter(child -> ProcFs.state(child.pid()).filter(state -> state != 'Z').isPresent())
                .forEach(child -> pids.add(child.pid()));
        return pids;
    }
}
