package dev.pegasus.server.replica.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One file of a {@link StoreCheckpoint}: what a learner needs to check it received the file whole.
 *
 * @param name the file name inside the checkpoint directory (checkpoints are flat)
 * @param crc32c CRC32C of the file's bytes, as {@link CRC32C} computes it
 */
public record CheckpointFile(String name, long size, long crc32c) {
    private static final int READ_BUFFER_BYTES = 1 << 16;

    /** Reads the file once to describe it. */
    public static CheckpointFile of(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                size += n;
            }
        }
        return new CheckpointFile(file.getFileName().toString(), size, crc.getValue());
    }
}
