package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.util.List;

/**
 * A command changed the host (e.g. {@code ethtool -C eth0 rx-usecs 40}): undone by its undo command, verified
 * by running {@code readBack} again and comparing with the output recorded before the change. Without a
 * read-back command, the undo command's exit status is the verification.
 */
public record CommandUndo(String target, List<String> undoCommand, List<String> readBack, String oldReading) implements Undo {
    static final String KIND = "command";

    public CommandUndo {
        undoCommand = List.copyOf(undoCommand);
        readBack = List.copyOf(readBack);
    }

    @Override
    public RestoreStep undo() {
        String what = (LocalCommands.TARGET.equals(target) ? "" : target + ": ") + String.join(" ", undoCommand);
        try {
            CommandTarget runner = LocalCommands.forTarget(target);
            String before = readBack.isEmpty() ? null : runner.run(target, readBack).output();
            CommandTarget.Result result = runner.run(target, undoCommand);
            if (result.exitCode() != 0) {
                return RestoreStep.failed(KIND, what, before, null,
                        "exit " + result.exitCode() + ": " + result.output());
            }
            if (readBack.isEmpty()) {
                return RestoreStep.verified(KIND, what, null, null, "exit 0");
            }
            String after = runner.run(target, readBack).output();
            return after.equals(oldReading)
                    ? RestoreStep.verified(KIND, what, before, after, null)
                    : RestoreStep.failed(KIND, what, before, after, "read back differs from the recorded output");
        } catch (IOException e) {
            return RestoreStep.failed(KIND, what, null, null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RestoreStep.failed(KIND, what, null, null, "interrupted");
        }
    }
}
