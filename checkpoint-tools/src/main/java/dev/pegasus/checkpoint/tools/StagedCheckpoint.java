package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.PartitionManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A partition's checkpoint downloaded into a temporary directory of its own, every file checked
 * against the partition manifest; {@link #close} deletes the directory.
 */
final class StagedCheckpoint implements AutoCloseable {
    private final Path tempDir;
    private final PartitionManifest manifest;
    private final String source;

    private StagedCheckpoint(Path tempDir, PartitionManifest manifest, String source) {
        this.tempDir = tempDir;
        this.manifest = manifest;
        this.source = source;
    }

    static StagedCheckpoint stage(BackupRepository repository, BackupManifest backup, int index,
            SnapshotReadOptions options) throws IOException {
        Files.createDirectories(options.stagingParent());
        Path tempDir = Files.createTempDirectory(options.stagingParent(),
                "pegasus-" + backup.backupId() + "-" + index + "-");
        try {
            PartitionManifest manifest = repository.stage(backup, index, tempDir.resolve("checkpoint"),
                    options.bandwidth());
            return new StagedCheckpoint(tempDir, manifest, repository.store().describe(
                    repository.checkpointDir(backup, index)));
        } catch (IOException | RuntimeException e) {
            deleteTree(tempDir, e);
            throw e;
        }
    }

    /** The local checkpoint directory. */
    Path dir() {
        return tempDir.resolve("checkpoint");
    }

    PartitionManifest manifest() {
        return manifest;
    }

    /** Where the checkpoint came from, for messages. */
    String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        LocalFiles.deleteRecursively(tempDir);
    }

    /** Deletes the staged files while {@code failure} is on its way, attaching a failure to delete to it. */
    void closeQuietly(Exception failure) {
        deleteTree(tempDir, failure);
    }

    private static void deleteTree(Path dir, Exception failure) {
        try {
            LocalFiles.deleteRecursively(dir);
        } catch (IOException | RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
