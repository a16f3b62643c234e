package org.telvirt.hostkit.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * An exclusive lock on a file beside what it guards, held until {@link #close}; the OS lets go when the holding
 * process dies, so a free lock means nobody alive is using what it guards.
 */
public final class HeldLock implements AutoCloseable {
    private final FileChannel channel;

    private HeldLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Holds {@code file} (created private), or empty when another process, or this JVM, holds it already. */
    public static Optional<HeldLock> tryHold(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                Journals.PRIVATE_FILE);
        try {
            if (channel.tryLock() != null) {
                return Optional.of(new HeldLock(channel));
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // the JVM's own lock table refuses a second hold: as held elsewhere
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
