package org.telvirt.hostkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reading and writing knob files (cgroup, sysctl) with errors that name the file and the value. */
public final class KnobFiles {
    private KnobFiles() {
    }

    /** The file's content without surrounding white space. */
    public static String read(Path knob) throws IOException {
        try {
            return Files.readString(knob, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("cannot read " + knob + ": " + reason(e), e);
        }
    }

    /** Writes {@code value} followed by a newline (kernel files take the newline; an empty value clears a list). */
    public static void write(Path knob, String value) throws IOException {
        try {
            Files.write(knob, (value + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + knob + ": " + reason(e), e);
        }
    }

    /** Why an operation on a file failed: the exception's type and its message, for messages that name the file. */
    public static String reason(Exception e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null ? type : type + " " + message;
    }
}
