package org.telvirt.hostkit.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telvirt.hostkit.KnobFiles;

/**
 * A knob file was written: undone by writing {@code undoWrite} (by default the old value) and verified by reading
 * the old value back. Files like {@code cgroup.subtree_control} need an undo write other than the old value
 * ({@code -cpu} to take back {@code +cpu}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileWrite(String path, String oldValue, String newValue, String undoWrite) implements Undo {
    static final String KIND = "file-write";

    public FileWrite(String path, String oldValue, String newValue) {
        this(path, oldValue, newValue, null);
    }

    @Override
    public RestoreStep undo() {
        Path knob = Path.of(path);
        if (!Files.exists(knob)) {
            return Files.exists(knob.getParent())
                    ? RestoreStep.failed(KIND, path, null, null, "the file is missing")
                    : RestoreStep.verified(KIND, path, null, null, "gone with its directory");
        }
        String before = null;
        try {
            before = KnobFiles.read(knob);
            KnobFiles.write(knob, undoWrite != null ? undoWrite : oldValue);
            String after = KnobFiles.read(knob);
            return after.equals(oldValue.trim())
                    ? RestoreStep.verified(KIND, path, before, after, null)
                    : RestoreStep.failed(KIND, path, before, after, "read back differs from the recorded '" + oldValue + "'");
        } catch (IOException e) {
            return RestoreStep.failed(KIND, path, before, null, e.getMessage());
        }
    }
}
