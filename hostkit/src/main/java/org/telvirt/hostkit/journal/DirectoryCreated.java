package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telvirt.hostkit.Freezer;
import org.telvirt.hostkit.KnobFiles;
import org.telvirt.hostkit.ProcFs;

/**
 * A directory was created: undone by removing it. A cgroup is thawed and emptied first; processes still in it
 * (ones the journal did not start) are moved to the root of their hierarchy rather than killed.
 */
public record DirectoryCreated(String path) implements Undo {
    static final String KIND = "directory-created";
    private static final long RMDIR_PATIENCE_MILLIS = 2_000;

    @Override
    public RestoreStep undo() {
        Path dir = Path.of(path);
        if (!Files.exists(dir)) {
            return RestoreStep.verified(KIND, path, "absent", "absent", "already gone");
        }
        List<String> notes = new ArrayList<>();
        try {
            if (Files.exists(dir.resolve("cgroup.procs"))) {
                if (Freezer.thaw(dir)) {
                    notes.add("thawed");
                }
                List<Long> leftovers = ProcFs.pidsIn(dir);
                if (!leftovers.isEmpty()) {
                    Path root = Freezer.hierarchyRoot(dir);
                    for (long pid : leftovers) {
                        moveQuietly(pid, root);
                    }
                    notes.add("moved leftover process(es) " + leftovers + " to " + root);
                }
            }
            removeWithPatience(dir);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            notes.add(KnobFiles.reason(e));
        }
        String detail = String.join("; ", notes);
        return Files.exists(dir)
                ? RestoreStep.failed(KIND, path, "present", "present", detail)
                : RestoreStep.verified(KIND, path, "present", "absent", detail);
    }

    private static void moveQuietly(long pid, Path root) {
        try {
            KnobFiles.write(root.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException exitedMeanwhile) {
            // a process that exited between listing and moving leaves the cgroup by itself
        }
    }

    /** A cgroup whose last task is still exiting refuses removal (EBUSY) for a moment. */
    private static void removeWithPatience(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RMDIR_PATIENCE_MILLIS * 1_000_000;
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot remove " + dir + ": " + KnobFiles.reason(e), e);
                }
                Thread.sleep(20);
            }
        }
    }
}
