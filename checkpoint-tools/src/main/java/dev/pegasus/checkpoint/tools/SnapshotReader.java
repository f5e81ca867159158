package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
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
 * {@link #close} deletes the staged files (of a shared checkpoint: once its last reader closes).
 *
 * <p>Keys and values are copied out of RocksDB into buffers the reader keeps, and from there once
 * into the arrays of the record: no array per record beyond the record's own.
 */
public final class SnapshotReader implements AutoCloseable {
    private static final int INITIAL_BUFFER_BYTES = 256;

    private final BackupManifest backup;
    private final PartitionManifest partition;
    private final OpenCheckpoint checkpoint;
    /** Closes the checkpoint, or this reader's hold on a shared one. */
    private final AutoCloseable release;
    private final CheckpointDb.RangeIterator iterator;
    private final Optional<HashKeyPrefix> hashKeyPrefix;
    private final boolean withValues;
    private final int now;
    /** The keys this partition owns, when a split may have left the other half's keys in the checkpoint. */
    private final Optional<Owned> owned;
    /** The key under the iterator is its first {@link #keyLength} bytes. */
    private byte[] key = new byte[INITIAL_BUFFER_BYTES];
    private int keyLength;
    /** The stored value under the iterator (header and user value), or only its header without values. */
    private byte[] value = new byte[ValueSchema.HEADER_LENGTH];
    private SnapshotRecord current;
    private long expiredSkipped;
    private boolean closed;

    /** Partition {@code index} of {@code count}: the keys that hash to it. */
    private record Owned(int index, int count) {
        boolean holds(byte[] storageKey) {
            return PartitionHash.partitionIndex(PartitionHash.ofStorageKey(storageKey), count) == index;
        }
    }

    private SnapshotReader(BackupManifest backup, OpenCheckpoint checkpoint, AutoCloseable release,
            SnapshotReadOptions options) {
        this.backup = backup;
        this.partition = checkpoint.manifest();
        this.checkpoint = checkpoint;
        this.release = release;
        this.hashKeyPrefix = options.hashKeyPrefix();
        this.withValues = options.withValues();
        if (withValues) {
            value = new byte[INITIAL_BUFFER_BYTES];
        }
        this.now = options.nowEpochSeconds().getAsInt();
        this.owned = checkpoint.split() ? Optional.of(new Owned(partition.partitionIndex(), backup.partitionCount()))
                : Optional.empty();
        this.iterator = checkpoint.db().iterate(options.range());
        seekFirst(options.range());
    }

    /**
     * Stages partition {@code index} of {@code backup} for this reader alone and opens it.
     *
     * @throws CorruptBackupException naming the file when a manifest or a checkpoint file is missing,
     *                                truncated, longer or damaged, or the checkpoint does not open at the
     *                                decree its manifest gives
     */
    public static SnapshotReader open(BackupRepository repository, BackupManifest backup, int index,
            SnapshotReadOptions options) throws IOException {
        checkValueSchema(backup);
        OpenCheckpoint checkpoint = OpenCheckpoint.open(repository, backup, index, options);
        return start(backup, checkpoint, checkpoint, options);
    }

    /**
     * Like {@link #open}, but the partition is staged and opened once for all readers of it that
     * {@code shared} serves at a time (e.g. readers of several key ranges of one partition).
     */
    public static SnapshotReader open(SharedCheckpoints shared, BackupRepository repository, BackupManifest backup,
            int index, SnapshotReadOptions options) throws IOException {
        checkValueSchema(backup);
        SharedCheckpoints.Lease lease = shared.acquire(repository, backup, index, options);
        return start(backup, lease.checkpoint(), lease, options);
    }

    private static void checkValueSchema(BackupManifest backup) throws CorruptBackupException {
        if (backup.valueSchemaVersion() != 1) {
            throw new CorruptBackupException("backup " + backup.backupId() + " stores values in schema version "
                    + backup.valueSchemaVersion() + "; this reader reads version 1");
        }
    }

    private static SnapshotReader start(BackupManifest backup, OpenCheckpoint checkpoint, AutoCloseable release,
            SnapshotReadOptions options) throws IOException {
        try {
            return new SnapshotReader(backup, checkpoint, release, options);
        } catch (RuntimeException e) {
            closeQuietly(release, e);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable release, Exception failure) {
        try {
            release.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
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
        return advance() ? Optional.of(current) : Optional.empty();
    }

    /**
     * Moves to the next live record, {@link #current()}; false at the end.
     *
     * @throws IOException when RocksDB fails to read the checkpoint
     */
    public boolean advance() throws IOException {
        ensureOpen();
        RocksIterator rocks = iterator.rocks;
        while (rocks.isValid()) {
            readKey(rocks);
            if (hashKeyPrefix.isPresent() && !matches(hashKeyPrefix.get())) {
                Optional<byte[]> candidate = hashKeyPrefix.get().nextCandidateAfter(keyCopy());
                if (candidate.isEmpty()) {
                    return false;
                }
                rocks.seek(candidate.get());
                continue;
            }
            if (owned.isPresent() && !owned.get().holds(keyCopy())) {
                rocks.next();
                continue;
            }
            boolean live = decode(rocks);
            rocks.next();
            if (live) {
                return true;
            }
        }
        try {
            rocks.status();
        } catch (RocksDBException e) {
            throw new IOException("cannot read partition " + partition.partitionIndex() + " of backup "
                    + backup.backupId() + " staged in " + checkpoint.stagedIn() + ": " + e.getMessage(), e);
        }
        current = null;
        return false;
    }

    /** The record {@link #advance} moved to. */
    public SnapshotRecord current() {
        if (current == null) {
            throw new IllegalStateException("no current record: advance() has not returned true");
        }
        return current;
    }

    private void readKey(RocksIterator rocks) {
        keyLength = rocks.key(key);
        if (keyLength > key.length) {
            key = new byte[Math.max(keyLength, key.length * 2)];
            rocks.key(key);
        }
    }

    private byte[] keyCopy() {
        return Arrays.copyOf(key, keyLength);
    }

    private boolean matches(HashKeyPrefix prefix) throws CorruptBackupException {
        byte[] storageKey = keyCopy();
        try {
            return prefix.matches(storageKey);
        } catch (IllegalArgumentException e) {
            throw malformed(storageKey, e);
        }
    }

    /** Makes the record under the iterator {@link #current}; false when it has expired. */
    private boolean decode(RocksIterator rocks) throws CorruptBackupException {
        int length = rocks.value(value);
        if (withValues && length > value.length) {
            value = new byte[Math.max(length, value.length * 2)];
            rocks.value(value);
        }
        if (length < ValueSchema.HEADER_LENGTH) {
            throw new CorruptBackupException("the record under key " + HexFormat.of().formatHex(key, 0, keyLength)
                    + " of partition " + partition.partitionIndex() + " of backup " + backup.backupId()
                    + " has a " + length + "-byte value, shorter than the value header");
        }
        int expireTs = ValueSchema.expireTs(value);
        if (ValueSchema.isExpired(expireTs, now)) {
            expiredSkipped++;
            return false;
        }
        int hashKeyLength;
        try {
            hashKeyLength = KeySchema.hashKeyLength(key, keyLength);
        } catch (IllegalArgumentException e) {
            throw malformed(keyCopy(), e);
        }
        Optional<byte[]> userValue = withValues
                ? Optional.of(Arrays.copyOfRange(value, ValueSchema.HEADER_LENGTH, length)) : Optional.empty();
        current = new SnapshotRecord(Arrays.copyOfRange(key, 2, 2 + hashKeyLength),
                Arrays.copyOfRange(key, 2 + hashKeyLength, keyLength), userValue, expireTs,
                ValueSchema.timetag(value));
        return true;
    }

    private CorruptBackupException malformed(byte[] storageKey, IllegalArgumentException cause) {
        return new CorruptBackupException("partition " + partition.partitionIndex() + " of backup " + backup.backupId()
                + " holds a malformed storage key " + HexFormat.of().formatHex(storageKey) + ": "
                + cause.getMessage(), cause);
    }

    /** Calls {@code action} with every remaining record. */
    public void forEachRemaining(Consumer<SnapshotRecord> action) throws IOException {
        while (advance()) {
            action.accept(current);
        }
    }

    /** Reads through the remaining records and counts them. */
    public long countRemaining() throws IOException {
        long count = 0;
        while (advance()) {
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

    /** Closes the iterator and RocksDB and deletes the staged files, or leaves them to the checkpoint's other readers. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        iterator.close();
        try {
            release.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
