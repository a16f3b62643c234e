package org.telvirt.workloads.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Result files written so that no reader ever sees half of one: the bytes go to a hidden temporary
 * file beside the target, are forced to disk, and the temporary file is renamed over the target.
 * A writer killed at any moment leaves the old file (or none) and at most a stray
 * {@code .NAME*.tmp}; a full disk or a read-only directory is an {@link IOException} naming the file.
 */
public final class AtomicFiles {
    private static final FileAttribute<?>[] READABLE_BY_ALL = FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix") ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-r--r--"))} : new FileAttribute<?>[0];

    private AtomicFiles() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp", READABLE_BY_ALL);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new IOException("cannot write " + absolute + ": " + reason(failed), failed);
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static String reason(IOException failed) {
        String message = failed.getMessage();
        return message == null ? failed.getClass().getSimpleName() : failed.getClass().getSimpleName() + " " + message;
    }
}
