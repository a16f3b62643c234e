package org.telvirt.host.xen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.telvirt.ssh.ExecResult;
import org.telvirt.ssh.RemoteShell;

/**
 * A Dom0 stand-in for unit tests of command building and parsing: answers each expected command
 * with outputs recorded on the real lab (in order; the last answer repeats) and remembers what ran.
 */
final class RecordedDom0 implements RemoteShell {

    private final Map<String, Deque<ExecResult>> answers = new HashMap<>();
    private final List<String> executed = new ArrayList<>();

    static String recorded(String file) {
        try (InputStream in = RecordedDom0.class.getResourceAsStream("recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code command} with the recorded stdout files, one per call. */
    RecordedDom0 on(String command, String... stdoutFiles) {
        Deque<ExecResult> queue = answers.computeIfAbsent(command, c -> new ArrayDeque<>());
        for (String file : stdoutFiles) {
            queue.add(new ExecResult(command, 0, recorded(file), "", Duration.ZERO));
        }
        return this;
    }

    /** Answers {@code command} with a successful run that printed nothing (as xl does for writes). */
    RecordedDom0 silent(String command) {
        answers.computeIfAbsent(command, c -> new ArrayDeque<>()).add(new ExecResult(command, 0, "", "", Duration.ZERO));
        return this;
    }

    RecordedDom0 failing(String command, int exitStatus, String stderrFile) {
        answers.computeIfAbsent(command, c -> new ArrayDeque<>())
                .add(new ExecResult(command, exitStatus, "", recorded(stderrFile), Duration.ZERO));
        return this;
    }

    @Override
    public ExecResult exec(String command) {
        executed.add(command);
        Deque<ExecResult> queue = answers.get(command);
        if (queue == null || queue.isEmpty()) {
            throw new AssertionError("unexpected command on Dom0: " + command);
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    List<String> executed() {
        return executed;
    }
}
