package dev.pegasus.server.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a replica's own history in the shared log begins. A replica that installed a checkpoint holds
 * no records of its own at or below the checkpoint's decree, but the log may still hold records of an
 * earlier replica of the same partition on this server (deleted, then placed here again), whose
 * uncommitted copies would pass for committed ones. Reading back, those decrees are not this
 * replica's to read. Kept in a small file beside the store directory, written durably.
 */
final class LogHistory {
    private LogHistory() {}

    /** The first decree of the replica's own history; 0 when it has all of it (it never installed a checkpoint). */
    static long firstDecree(Path storeDir) {
        Path file = fileOf(storeDir);
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read where the log history of " + storeDir + " begins", e);
        }
    }

    /** The replica's store now starts at {@code decree}: its own log history begins after it. */
    static void startsAfter(Path storeDir, long decree) {
        Path file = fileOf(storeDir);
        Path staged = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(staged, Long.toString(decree + 1), StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record where the log history of " + storeDir + " begins", e);
        }
    }

    static void forget(Path storeDir) throws IOException {
        Files.deleteIfExists(fileOf(storeDir));
    }

    private static Path fileOf(Path storeDir) {
        return storeDir.resolveSibling(storeDir.getFileName() + ".history");
    }
}
