package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the live records of one partition of a backup, offline: the partition's checkpoint files
 * are staged in a local temporary directory (every file's size and CRC32C checked against its
 * manifest), opened as a read-only RocksDB, and iterated in storage-key order.
 *
 * <p>Records expired at the reader's "now" ({@link SnapshotReadOptions#nowEpochSeconds}, asked once
 * at open) are skipped; {@link #expiredSkipped()} counts them. Not thread-safe: one reader per thread.
 * {@link #close} deletes the staged files.
 */
public final class SnapshotReader implements AutoCloseable {
    private final BackupManifest backup;
    private final PartitionManifest partition;
    private final StagedCheckpoint staged;
    private final CheckpointDb db;
    private final CheckpointDb.RangeIterator iterator;
    private final Optional<HashKeyPrefix> hashKeyPrefix;
    private final boolean withValues;
    private final int now;
    /** The keys this partition owns, when a split may have left the other half's keys in the checkpoint. */
    private final Optional<Owned> owned;
    /** The value header, read without copying the value when values are not wanted. */
    private final ByteBuffer header = ByteBuffer.allocateDirect(ValueSchema.HEADER_LENGTH);
    private long expiredSkipped;
    private boolean closed;

    /** Partition {@code index} of {@code count}: the keys that hash to it. */
    private record Owned(int index, int count) {
        boolean holds(byte[] storageKey) {
            return PartitionHash.partitionIndex(PartitionHash.ofStorageKey(storageKey), count) == index;
        }
    }

    private SnapshotReader(BackupManifest backup, PartitionManifest partition, StagedCheckpoint staged,
            CheckpointDb db, SnapshotReadOptions options, boolean splitLeftovers) {
        this.backup = backup;
        this.partition = partition;
        this.staged = staged;
        this.db = db;
        this.hashKeyPrefix = options.hashKeyPrefix();
        this.withValues = options.withValues();
        this.now = options.nowEpochSeconds().getAsInt();
        this.owned = splitLeftovers ? Optional.of(new Owned(partition.partitionIndex(), backup.partitionCount()))
                : Optional.empty();
        this.iterator = db.iterate(options.range());
        seekFirst(options.range());
    }

    /**
     * Stages partition {@code index} of {@code backup} and opens it.
     *
     * @throws CorruptBackupException naming the file when a manifest or a checkpoint file is missing,
     *                                truncated, longer or damaged, or the checkpoint does not open at the
     *                                decree its manifest gives
     */
    public static SnapshotReader open(BackupRepository repository, BackupManifest backup, int index,
            SnapshotReadOptions options) throws IOException {
        if (backup.valueSchemaVersion() != 1) {
            throw new CorruptBackupException("backup " + backup.backupId() + " stores values in schema version "
                    + backup.valueSchemaVersion() + "; this reader reads version 1");
        }
        StagedCheckpoint staged = StagedCheckpoint.stage(repository, backup, index, options);
        try {
            CheckpointDb db = CheckpointDb.open(staged.dir());
            try {
                checkMeta(db, staged);
                return new SnapshotReader(backup, staged.manifest(), staged, db, options, db.split());
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

    private void seekFirst(StorageKeyRange range) {
        byte[] start = range.start();
        if (hashKeyPrefix.isPresent() && Arrays.compareUnsigned(hashKeyPrefix.get().first(), start) > 0) {
            start = hashKeyPrefix.get().first();
        }
        iterator.rocks.seek(start);
    }

    public BackupManifest backup() {
        return backup;
    }

    public PartitionManifest partition() {
        return partition;
    }

    /**
     * The next live record in storage-key order, or empty at the end.
     *
     * @throws IOException when RocksDB fails to read the checkpoint
     */
    public Optional<SnapshotRecord> next() throws IOException {
        ensureOpen();
        RocksIterator rocks = iterator.rocks;
        while (rocks.isValid()) {
            byte[] key = rocks.key();
            if (hashKeyPrefix.isPresent() && !matches(hashKeyPrefix.get(), key)) {
                Optional<byte[]> candidate = hashKeyPrefix.get().nextCandidateAfter(key);
                if (candidate.isEmpty()) {
                    return Optional.empty();
                }
                rocks.seek(candidate.get());
                continue;
            }
            if (owned.isPresent() && !owned.get().holds(key)) {
                rocks.next();
                continue;
            }
            Optional<SnapshotRecord> record = decode(rocks, key);
            rocks.next();
            if (record.isPresent()) {
                return record;
            }
        }
        try {
            rocks.status();
        } catch (RocksDBException e) {
            throw new IOException("cannot read partition " + partition.partitionIndex() + " of backup "
                    + backup.backupId() + " staged in " + staged.dir() + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    private boolean matches(HashKeyPrefix prefix, byte[] key) throws CorruptBackupException {
        try {
            return prefix.matches(key);
        } catch (IllegalArgumentException e) {
            throw malformed(key, e);
        }
    }

    /** The record under the iterator, empty when it has expired. */
    private Optional<SnapshotRecord> decode(RocksIterator rocks, byte[] key) throws CorruptBackupException {
        byte[] value = null;
        int length;
        if (withValues) {
            value = rocks.value();
            length = value.length;
            header.clear().put(value, 0, Math.min(value.length, ValueSchema.HEADER_LENGTH)).flip();
        } else {
            header.clear();
            length = rocks.value(header);
        }
        if (length < ValueSchema.HEADER_LENGTH) {
            throw new CorruptBackupException("the record under key " + HexFormat.of().formatHex(key)
                    + " of partition " + partition.partitionIndex() + " of backup " + backup.backupId()
                    + " has a " + length + "-byte value, shorter than the value header");
        }
        int expireTs = header.getInt(0);
        if (ValueSchema.isExpired(expireTs, now)) {
            expiredSkipped++;
            return Optional.empty();
        }
        long timetag = header.getLong(4);
        Optional<byte[]> userValue = withValues
                ? Optional.of(Arrays.copyOfRange(value, ValueSchema.HEADER_LENGTH, value.length)) : Optional.empty();
        try {
            return Optional.of(new SnapshotRecord(KeySchema.hashKey(key), KeySchema.sortKey(key), userValue, expireTs,
                    timetag));
        } catch (IllegalArgumentException e) {
            throw malformed(key, e);
        }
    }

    private CorruptBackupException malformed(byte[] key, IllegalArgumentException cause) {
        return new CorruptBackupException("partition " + partition.partitionIndex() + " of backup " + backup.backupId()
                + " holds a malformed storage key " + HexFormat.of().formatHex(key) + ": "
                + cause.getMessage(), cause);
    }

    /** Calls {@code action} with every remaining record. */
    public void forEachRemaining(Consumer<SnapshotRecord> action) throws IOException {
        for (Optional<SnapshotRecord> record = next(); record.isPresent(); record = next()) {
            action.accept(record.get());
        }
    }

    /** Reads through the remaining records and counts them. */
    public long countRemaining() throws IOException {
        long count = 0;
        while (next().isPresent()) {
            count++;
        }
        return count;
    }

    /** Records skipped so far because they had expired. */
    public long expiredSkipped() {
        return expiredSkipped;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the reader of partition " + partition.partitionIndex() + " is closed");
        }
    }

    /** Closes RocksDB and deletes the staged files. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        iterator.close();
        db.close();
        staged.close();
    }
}
