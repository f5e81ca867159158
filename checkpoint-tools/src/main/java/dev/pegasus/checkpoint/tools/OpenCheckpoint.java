package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.PartitionManifest;
import java.io.IOException;

/**
 * A partition's checkpoint staged on the local disk and opened read-only, checked to be at the
 * decree and data version its manifest gives. Several readers may iterate it at once (RocksDB
 * iterators of one read-only database are independent); {@link #close} closes RocksDB and deletes
 * the staged files, once no reader iterates any more.
 */
final class OpenCheckpoint implements AutoCloseable {
    private final StagedCheckpoint staged;
    private final CheckpointDb db;
    private final boolean split;

    private OpenCheckpoint(StagedCheckpoint staged, CheckpointDb db, boolean split) {
        this.staged = staged;
        this.db = db;
        this.split = split;
    }

    /**
     * @throws CorruptBackupException naming the file when a manifest or a checkpoint file is missing,
     *                                truncated, longer or damaged, or the checkpoint does not open at the
     *                                decree its manifest gives
     */
    static OpenCheckpoint open(BackupRepository repository, BackupManifest backup, int index,
            SnapshotReadOptions options) throws IOException {
        StagedCheckpoint staged = StagedCheckpoint.stage(repository, backup, index, options);
        try {
            CheckpointDb db = CheckpointDb.open(staged.dir());
            try {
                checkMeta(db, staged);
                return new OpenCheckpoint(staged, db, db.split());
            } catch (IOException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            staged.closeQuietly(e);
            throw e;
        }
    }

    private static void checkMeta(CheckpointDb db, StagedCheckpoint staged) throws IOException {
        PartitionManifest manifest = staged.manifest();
        if (db.decree() != manifest.decree()) {
            throw new CorruptBackupException("the checkpoint of partition " + manifest.partitionIndex() + " at "
                    + staged.source() + " holds decree " + db.decree() + "; its manifest says " + manifest.decree());
        }
        if (db.dataVersion() != CheckpointDb.DATA_VERSION) {
            throw new CorruptBackupException("the checkpoint of partition " + manifest.partitionIndex() + " at "
                    + staged.source() + " has data version " + db.dataVersion() + "; this reader reads "
                    + CheckpointDb.DATA_VERSION);
        }
    }

    PartitionManifest manifest() {
        return staged.manifest();
    }

    CheckpointDb db() {
        return db;
    }

    /** See {@link CheckpointDb#split()}. */
    boolean split() {
        return split;
    }

    /** The local directory the checkpoint is staged in, for messages. */
    String stagedIn() {
        return staged.dir().toString();
    }

    @Override
    public void close() throws IOException {
        db.close();
        staged.close();
    }
}
