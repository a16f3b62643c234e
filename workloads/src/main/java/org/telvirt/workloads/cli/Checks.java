package org.telvirt.workloads.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks on parsed flags. Each failure names the flag and the value and ends the program with
 * picocli's usage exit code (2), before any socket opens.
 */
public final class Checks {
    private final CommandSpec spec;

    public Checks(CommandSpec spec) {
        this.spec = spec;
    }

    public Checks range(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw fail(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return this;
    }

    public Checks range(String flag, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw fail(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return this;
    }

    public Checks range(String flag, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw fail(flag + " must be between " + Converters.formatDuration(min) + " and "
                    + Converters.formatDuration(max) + ", got " + Converters.formatDuration(value));
        }
        return this;
    }

    /** An output file: its directory is created if missing and must be writable; null means "not asked for". */
    public Checks writableFile(String flag, Path file) {
        if (file == null) {
            return this;
        }
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw fail(flag + " must name a file, but " + file + " is a directory");
        }
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw fail(flag + ": cannot create the directory of " + file + " (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(absolute.getParent()) || (Files.exists(absolute) && !Files.isWritable(absolute))) {
            throw fail(flag + ": " + file + " is not writable");
        }
        return this;
    }

    public Checks require(boolean condition, String message) {
        if (!condition) {
            throw fail(message);
        }
        return this;
    }

    public ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
