package org.telvirt.workloads.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The programs' JSON: strict when reading (unknown or missing fields are errors), atomic when writing files. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    private JsonFiles() {
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IOException("cannot read " + type.getSimpleName() + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes pretty JSON through {@link AtomicFiles}: readers see the old file or the whole new one. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    /** Reads one line of JSON, e.g. the last line a program printed. */
    public static <T> T fromLine(String line, Class<T> type) {
        try {
            return JSON.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from " + line + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** One line of JSON, e.g. the last line a program prints. */
    public static String toLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
