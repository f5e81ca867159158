package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One partition's records in its own RocksDB instance, laid out as Apache Pegasus lays them out: the
 * {@code default} column family holds records (KeySchema keys, ValueSchema v1 values) and {@code
 * pegasus_meta_cf} holds the last applied decree and the data version under Pegasus's key names.
 *
 * <p>Threading: writes ({@link #apply}) come one at a time, from the partition's tasks, in decree
 * order; reads may come from any thread. {@link #removeExpired} may run on another thread: it
 * re-checks each record under the write mutex before deleting it, so it never removes a record that
 * was rewritten after it was found expired. {@link #close} waits for running calls and makes later
 * ones fail with {@link StorageException}.
 *
 * <p>Durability comes in two modes, chosen at open:
 * <ul>
 *   <li>{@link #open}: the RocksDB WAL is on. With {@code syncWrites} every {@link #apply} fsyncs
 *   the WAL before returning; without it, {@link #apply} leaves the WAL in OS buffers (safe against
 *   a process crash, not a power loss) and {@link #syncWal} makes everything applied so far durable
 *   with one fsync, which lets a caller group-commit many mutations.</li>
 *   <li>{@link #openWithoutWal}: for replicas whose mutations are already durable in the server's
 *   shared replication log. Writes skip the WAL, the memtables of the data and meta column families
 *   are only ever flushed together (atomic flush), and a close does not flush: after a crash or a
 *   close the store opens as of its last flush, a consistent (data, decree) pair, and the replica
 *   replays the log from {@link #lastAppliedDecree()} + 1. The log must therefore keep every mutation above
 *   {@link #durableDecree()}.</li>
 * </ul>
 *
 * <p>{@link #flush} and {@link #createCheckpoint} capture the decree applied at the call; they run
 * on the partition's writer thread (they also exclude other writers while they work).
 */
public final class PartitionStore implements AutoCloseable {
    static final String META_COLUMN_FAMILY = "pegasus_meta_cf";
    static final byte[] LAST_FLUSHED_DECREE_KEY = ascii("pegasus_last_flushed_decree");
    static final byte[] DATA_VERSION_KEY = ascii("pegasus_data_version");
    /** The id of the last bulk load ingested, stored with the decree it was ingested at. */
    static final byte[] LAST_BULK_LOAD_KEY = ascii("pegasus_last_bulk_load");
    static final int DATA_VERSION = 1;
    /** The partition count the store's keys were last split by, stored with the decree of the split. */
    static final byte[] SPLIT_COUNT_KEY = ascii("pegasus_split_partition_count");

    private final Path dir;
    private final StorageEnvironment env;
    private final StorageClock clock;
    private final WalMode walMode;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions dataOptions;
    private final ColumnFamilyOptions metaOptions;
    private final WriteOptions applyOptions;
    /** Expiry deletions need no fsync: if lost in a crash, the sweep simply finds the records again. */
    private final WriteOptions sweepOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle dataCf;
    private final ColumnFamilyHandle metaCf;
    /** Read side: every call on the database; write side: close. */
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    /**
     * Serialises writes to the data column family (apply and the expiry sweep), and holds the decree
     * still while a flush or a checkpoint captures it.
     */
    private final Object writeMutex = new Object();
    private final Set<ScanCursor> openCursors = ConcurrentHashMap.newKeySet();
    private final ExpiredRecordSweeper sweeper = new ExpiredRecordSweeper(this);
    /** Invariant: equals the decree stored in the meta column family. Written under writeMutex. */
    private volatile long lastAppliedDecree;
    /**
     * Invariant: every decree up to this one is in SST files (a lower bound: background flushes may
     * have persisted more). Written under writeMutex.
     */
    private volatile long durableDecree;
    /** Guarded by the write side of closeLock. */
    private boolean closed;
    /** The partition count of the last split, 0 when the store never split. Written under writeMutex. */
    private volatile int splitCount;
    /** This store's partition index, set by its replica, for {@link #owns}; -1 until then. */
    private volatile int partitionIndex = -1;
    /** Whether the expiry sweep also deletes keys of the other half of a split (see {@link #sweepForeignKeys}). */
    private volatile boolean sweepForeignKeys;

    private PartitionStore(Path dir, StorageEnvironment env, WalMode walMode, StorageClock clock,
                           DBOptions dbOptions, ColumnFamilyOptions dataOptions, ColumnFamilyOptions metaOptions,
                           RocksDB db, ColumnFamilyHandle dataCf, ColumnFamilyHandle metaCf) {
        this.dir = dir;
        this.env = env;
        this.clock = clock;
        this.walMode = walMode;
        this.dbOptions = dbOptions;
        this.dataOptions = dataOptions;
        this.metaOptions = metaOptions;
        this.db = db;
        this.dataCf = dataCf;
        this.metaCf = metaCf;
        this.applyOptions = walMode.writeOptions();
        this.sweepOptions = new WriteOptions().setDisableWAL(!walMode.enabled());
    }

    /** Whether writes go through the RocksDB WAL, and whether each one is fsynced there. */
    private record WalMode(boolean enabled, boolean syncWrites) {
        static final WalMode OFF = new WalMode(false, false);

        WriteOptions writeOptions() {
            return new WriteOptions().setDisableWAL(!enabled).setSync(enabled && syncWrites);
        }

        /**
         * Without a WAL, a flush of one column family alone could persist data ahead of its decree,
         * and a flush on close would turn a close into something a crash is not; both are ruled out.
         */
        DBOptions tune(DBOptions options) {
            return enabled ? options : options.setAtomicFlush(true).setAvoidFlushDuringShutdown(true);
        }
    }

    /**
     * Opens the partition in {@code dir}, creating it when missing.
     *
     * @param syncWrites whether every {@link #apply} fsyncs (see the class comment)
     */
    public static PartitionStore open(Path dir, StorageEnvironment env, boolean syncWrites, StorageClock clock)
            throws StorageException {
        return open(dir, env, new WalMode(true, syncWrites), clock);
    }

    /**
     * Opens the partition in {@code dir} without the RocksDB WAL, creating it when missing: writes
     * are durable only once {@link #flush flushed}, so durability comes from the replication log
     * (see the class comment).
     */
    public static PartitionStore openWithoutWal(Path dir, StorageEnvironment env, StorageClock clock)
            throws StorageException {
        return open(dir, env, WalMode.OFF, clock);
    }

    private static PartitionStore open(Path dir, StorageEnvironment env, WalMode walMode, StorageClock clock) {
        try {
            StoreDirectories.recover(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot prepare partition directory " + dir, e);
        }
        DBOptions dbOptions = walMode.tune(env.newDbOptions());
        ColumnFamilyOptions dataOptions = env.newDataOptions();
        ColumnFamilyOptions metaOptions = env.newMetaOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, dataOptions),
                new ColumnFamilyDescriptor(ascii(META_COLUMN_FAMILY), metaOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            metaOptions.close();
            dataOptions.close();
            dbOptions.close();
            throw new StorageException("cannot open RocksDB in " + dir, e);
        }
        PartitionStore store = new PartitionStore(dir, env, walMode, clock, dbOptions, dataOptions, metaOptions,
                db, handles.get(0), handles.get(1));
        try {
            store.loadMeta();
            env.register(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void loadMeta() {
        try {
            byte[] decree = db.get(metaCf, LAST_FLUSHED_DECREE_KEY);
            lastAppliedDecree = decree == null ? 0 : Long.parseLong(new String(decree, StandardCharsets.US_ASCII));
            durableDecree = lastAppliedDecree;
            byte[] split = db.get(metaCf, SPLIT_COUNT_KEY);
            splitCount = split == null ? 0 : Integer.parseInt(new String(split, StandardCharsets.US_ASCII));
            if (db.get(metaCf, DATA_VERSION_KEY) == null) {
                db.put(metaCf, applyOptions, DATA_VERSION_KEY, ascii(Integer.toString(DATA_VERSION)));
            }
        } catch (RocksDBException e) {
            throw new StorageException("cannot read the meta column family in " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The decree of the last applied mutation, 0 for a new store. Survives reopen. */
    public long lastAppliedDecree() {
        return lastAppliedDecree;
    }

    /**
     * Writes the mutation and the new last applied decree in one write batch, so after a crash the
     * data and the decree agree and replay can resume at the next decree. An empty mutation still
     * advances the decree.
     *
     * @throws IllegalStateException when {@code decree} is not above the last applied decree
     */
    public void apply(long decree, Mutation mutation) {
        call("apply decree " + decree, () -> {
            synchronized (writeMutex) {
                if (decree <= lastAppliedDecree) {
                    throw new IllegalStateException("decree " + decree + " is not above the last applied decree "
                            + lastAppliedDecree + " of " + dir);
                }
                try (WriteBatch batch = new WriteBatch()) {
                    for (WriteOp op : mutation.ops()) {
                        if (op.delete()) {
                            batch.delete(dataCf, op.key());
                        } else {
                            batch.put(dataCf, op.key(), op.storedValue());
                        }
                    }
                    batch.put(metaCf, LAST_FLUSHED_DECREE_KEY, ascii(Long.toString(decree)));
                    db.write(applyOptions, batch);
                }
                lastAppliedDecree = decree;
                return null;
            }
        });
    }

    // ---- partition split ----

    /**
     * Splits the store at {@code decree}: from then on it holds only the keys of its partition under
     * {@code partitionCount} partitions ({@link #owns}), and {@code childDir} receives a copy of it as of
     * this decree (hard links: same file system), which opens as the child partition's store. Both keep
     * the other half's keys until {@link #sweepForeignKeys} lets the sweep delete them. A copy already in
     * place (this decree replayed after a crash) is kept: it was made from the same state and may have
     * taken writes since.
     *
     * @throws IllegalStateException when {@code decree} is not above the last applied decree
     */
    public void split(long decree, int partitionCount, Path childDir) {
        call("split at decree " + decree + " into " + partitionCount + " partitions", () -> {
            synchronized (writeMutex) {
                if (decree <= lastAppliedDecree) {
                    throw new IllegalStateException("decree " + decree + " is not above the last applied decree "
                            + lastAppliedDecree + " of " + dir);
                }
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(metaCf, LAST_FLUSHED_DECREE_KEY, ascii(Long.toString(decree)));
                    batch.put(metaCf, SPLIT_COUNT_KEY, ascii(Integer.toString(partitionCount)));
                    db.write(applyOptions, batch);
                }
                lastAppliedDecree = decree;
                splitCount = partitionCount;
                try {
                    StoreDirectories.recover(childDir);
                    if (!Files.exists(childDir)) {
                        Path staged = childDir.resolveSibling(childDir.getFileName() + ".split");
                        StoreDirectories.deleteRecursively(staged);
                        createCheckpoint(staged);
                        StoreDirectories.replace(staged, childDir);
                    }
                } catch (IOException e) {
                    throw new StorageException("cannot copy " + dir + " into " + childDir, e);
                }
                return null;
            }
        });
    }

    /** The partition count of the last split, 0 when the store never split. */
    public int splitCount() {
        return splitCount;
    }

    /** Tells the store which partition it is, so that after a split it knows which keys are its own. */
    public void setPartitionIndex(int index) {
        partitionIndex = index;
    }

    /** Whether a storage key belongs to this store's partition: always, until the store splits. */
    public boolean owns(byte[] storageKey) {
        int count = splitCount;
        return count == 0 || partitionIndex < 0 || new HashPartition(partitionIndex, count).holds(storageKey);
    }

    /**
     * Lets the expiry sweep also delete the keys of the other half of a split. A parent allows it only
     * once its child is registered: until then the parent's copy of the child's half is what a split
     * that goes wrong would fall back on.
     */
    public void sweepForeignKeys(boolean allowed) {
        sweepForeignKeys = allowed;
    }

    // ---- bulk load ----

    /**
     * Ingests SST files (bulk load {@code loadId}) as the mutation at {@code decree}: every record in
     * them overrides what the store holds, and writes at later decrees override them. The files are
     * moved into the store (pass hard links when the originals must stay).
     *
     * <p>Without a WAL the (data, decree) pair must stay consistent across a crash, and ingested files
     * are durable the moment RocksDB installs them, ahead of any memtable. So, holding the write mutex:
     * first everything applied so far is flushed (a crash can no longer lose writes below the
     * ingestion and replay them on top of it); then the files are ingested with global sequence
     * numbers above every existing record; then the decree and the load id are written and flushed.
     * A crash between the ingestion and that last flush reopens the store with the ingested files
     * and the previous decree: replaying the log ingests the same files again, which changes
     * nothing. Reads see either none or all of a partition's files: RocksDB installs them in one
     * version edit.
     *
     * @throws IllegalStateException when {@code decree} is not above the last applied decree
     */
    public void ingest(long decree, List<Path> files, String loadId) {
        call("ingest bulk load " + loadId + " at decree " + decree, () -> {
            synchronized (writeMutex) {
                if (decree <= lastAppliedDecree) {
                    throw new IllegalStateException("decree " + decree + " is not above the last applied decree "
                            + lastAppliedDecree + " of " + dir);
                }
                flushLocked();
                if (!files.isEmpty()) {
                    try (IngestExternalFileOptions options = new IngestExternalFileOptions()
                            .setMoveFiles(true).setAllowGlobalSeqNo(true).setAllowBlockingFlush(true)
                            .setSnapshotConsistency(true)) {
                        db.ingestExternalFile(dataCf, files.stream().map(Path::toString).toList(), options);
                    }
                }
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(metaCf, LAST_FLUSHED_DECREE_KEY, ascii(Long.toString(decree)));
                    batch.put(metaCf, LAST_BULK_LOAD_KEY, loadId.getBytes(StandardCharsets.UTF_8));
                    db.write(applyOptions, batch);
                }
                lastAppliedDecree = decree;
                flushLocked();
                return null;
            }
        });
    }

    /** The id of the last bulk load ingested into this store, if any. */
    public Optional<String> lastBulkLoad() {
        byte[] id = call("read the last bulk load", () -> db.get(metaCf, LAST_BULK_LOAD_KEY));
        return Optional.ofNullable(id).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Makes everything applied so far durable with one fsync of the WAL (without a WAL: nothing to do). */
    public void syncWal() {
        if (!walMode.enabled()) {
            return;
        }
        call("sync the WAL", () -> {
            db.flushWal(true);
            return null;
        });
    }

    /**
     * Flushes the memtables of both column families (atomically without a WAL) and waits.
     *
     * @return the decree now durable in SST files: the one applied at the call
     */
    public long flush() {
        return call("flush", () -> {
            synchronized (writeMutex) {
                return flushLocked();
            }
        });
    }

    /** The decree durable in SST files as of the last {@link #flush} or checkpoint; after open, the decree read. */
    public long durableDecree() {
        return durableDecree;
    }

    /**
     * Writes a RocksDB checkpoint of the store as applied now to {@code target}, which must not exist
     * (its parent is created): memtables are flushed first, then SST files are hard-linked (so {@code
     * target} must be on the store's file system) and the metadata files copied. The checkpoint
     * opens as a store at exactly the returned decree.
     */
    public StoreCheckpoint createCheckpoint(Path target) {
        String what = "create a checkpoint in " + target;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StorageException("cannot " + what, e);
        }
        long decree = call(what, () -> {
            synchronized (writeMutex) {
                long flushed = flushLocked();
                try (Checkpoint checkpoint = Checkpoint.create(db)) {
                    checkpoint.createCheckpoint(target.toString());
                }
                return flushed;
            }
        });
        try {
            return StoreCheckpoint.describe(target, decree);
        } catch (IOException e) {
            try {
                StoreDirectories.deleteRecursively(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StorageException("cannot read back the checkpoint in " + target, e);
        }
    }

    /** Flushes both column families; the caller holds writeMutex, so the decree cannot move meanwhile. */
    private long flushLocked() throws RocksDBException {
        long decree = lastAppliedDecree;
        flushMemtables();
        durableDecree = decree;
        return decree;
    }

    private void flushMemtables() throws RocksDBException {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, List.of(dataCf, metaCf));
        }
    }

    // ---- reads; none of them returns an expired record ----

    /** The user value of the record, empty when it does not exist or has expired. */
    public Optional<byte[]> get(byte[] storageKey) {
        return readLive(storageKey).map(ValueSchema::userValue);
    }

    /** @throws IllegalArgumentException when the query's hash key is too long to be stored */
    public MultiGetResult multiGet(MultiGetQuery query) {
        return MultiGetReader.read(this, query, clock.nowEpochSeconds());
    }

    /**
     * The live records of the keys, in the order of {@code keys}; keys without one are left out, so
     * the caller matches records to keys by key, not by position.
     *
     * @throws IllegalArgumentException when a hash key is too long to be stored
     */
    public List<FullRecord> batchGet(List<RecordKey> keys) {
        List<byte[]> storageKeys = keys.stream().map(RecordKey::storageKey).toList();
        int now = clock.nowEpochSeconds();
        List<byte[]> values = multiGetStored(storageKeys);
        List<FullRecord> found = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] stored = values.get(i);
            if (stored != null && !ValueSchema.isExpired(ValueSchema.expireTs(stored), now)) {
                found.add(new FullRecord(keys.get(i), ValueSchema.userValue(stored)));
            }
        }
        return found;
    }

    /**
     * The number of live records of the hash key: expired records are skipped one by one, so this
     * walks every record of the hash key.
     *
     * @throws IllegalArgumentException when the hash key is too long to be stored
     */
    public long sortKeyCount(byte[] hashKey) {
        int now = clock.nowEpochSeconds();
        return withRange(KeyRange.withPrefix(KeySchema.hashKeyPrefix(hashKey)), false, it -> {
            long live = 0;
            while (it.seekLive(KeyFilter.NONE, now, Long.MAX_VALUE)) {
                live++;
                it.next();
            }
            return live;
        });
    }

    /** The time the record has left, empty when it does not exist or has expired. */
    public Optional<Ttl> ttl(byte[] storageKey) {
        int now = clock.nowEpochSeconds();
        return readLive(storageKey).map(stored -> {
            int expireTs = ValueSchema.expireTs(stored);
            return expireTs > 0 ? Ttl.expiresIn(expireTs - now) : Ttl.NEVER_EXPIRES;
        });
    }

    /**
     * The next batch of a scan. The cursor's first batch opens a RocksDB iterator (a consistent view
     * of the partition at that moment) that later batches continue; the cursor releases it when the
     * scan completes or the cursor is closed.
     *
     * @param batchSize most records to return; {@code <= 0} uses the cursor's own batch size
     */
    public ScanBatch scan(ScanCursor cursor, int batchSize) {
        return call("scan", () -> cursor.nextBatch(this, batchSize, clock.nowEpochSeconds()));
    }

    // ---- expiry and maintenance ----

    /**
     * Physically deletes expired records, examining at most {@code budget} records (so at most that
     * many are deleted) from where the previous call stopped, wrapping around at the end of the
     * partition: a background sweeper calls it repeatedly with a small budget. The deletes do not
     * change the decree; the space is reclaimed by later compactions (or {@link #compact()}).
     *
     * @return how many records were deleted
     */
    public int removeExpired(int budget) {
        return sweeper.sweep(budget, clock.nowEpochSeconds());
    }

    /** Flushes memtables and compacts the whole partition, dropping deleted and overwritten data. */
    public void compact() {
        call("compact", () -> {
            try (CompactRangeOptions compaction = new CompactRangeOptions()
                         .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)) {
                flushMemtables();
                db.compactRange(dataCf, null, null, compaction);
            }
            return null;
        });
    }

    /** RocksDB's estimate of the number of keys, expired ones included: cheap, for metrics. */
    public long estimateRawRecordCount() {
        return call("read the key estimate", () -> db.getLongProperty(dataCf, "rocksdb.estimate-num-keys"));
    }

    /**
     * Entries physically held for records: memtable entries plus SST entries, counting expired
     * records, overwritten versions and deletion markers that no compaction has dropped yet. It
     * equals the number of live records only once everything else is really gone from disk.
     */
    public long storedEntryCount() {
        return call("count stored entries", () -> {
            long entries = db.getLongProperty(dataCf, "rocksdb.num-entries-active-mem-table")
                    + db.getLongProperty(dataCf, "rocksdb.num-entries-imm-mem-tables");
            for (TableProperties table : db.getPropertiesOfAllTables(dataCf).values()) {
                entries += table.getNumEntries();
            }
            return entries;
        });
    }

    /** Properties of the data column family's SST files by file name. */
    Map<String, TableProperties> tableProperties() {
        return call("read table properties", () -> db.getPropertiesOfAllTables(dataCf));
    }

    /** Closes open scan cursors, then RocksDB. Idempotent. */
    @Override
    public void close() {
        Lock lock = closeLock.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            new ArrayList<>(openCursors).forEach(ScanCursor::close);
            dataCf.close();
            metaCf.close();
            try {
                db.closeE();
            } catch (RocksDBException e) {
                throw new StorageException("cannot close RocksDB in " + dir, e);
            } finally {
                applyOptions.close();
                sweepOptions.close();
                dataOptions.close();
                metaOptions.close();
                dbOptions.close();
                env.unregister(this);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- primitives for the helpers of this package ----

    /** The stored value (header included) of a record, expired or not (tombstones included). */
    Optional<byte[]> readStored(byte[] storageKey) {
        return Optional.ofNullable(call("read", () -> db.get(dataCf, storageKey)));
    }

    /** The stored value (header included) of a record that exists and has not expired. */
    Optional<byte[]> readLive(byte[] storageKey) {
        int now = clock.nowEpochSeconds();
        byte[] stored = call("read", () -> db.get(dataCf, storageKey));
        if (stored == null || ValueSchema.isExpired(ValueSchema.expireTs(stored), now)) {
            return Optional.empty();
        }
        return Optional.of(stored);
    }

    /** Stored values (or null) of the keys, expired ones included, in key order of the argument. */
    List<byte[]> multiGetStored(List<byte[]> storageKeys) {
        if (storageKeys.isEmpty()) {
            return List.of(); // RocksDB's multiGet asserts that it is given keys
        }
        return call("read", () -> db.multiGetAsList(Collections.nCopies(storageKeys.size(), dataCf), storageKeys));
    }

    /**
     * A stretch of stored records in key order, expired ones and tombstones included (each as the put
     * that stores it), and the key the next stretch starts at; none after the last.
     */
    public record StoredStretch(List<WriteOp> records, Optional<byte[]> nextKey) {}

    /**
     * The stored records from {@code fromKey} on (empty: from the first), about {@code maxBytes} of
     * them: to copy the partition's whole state elsewhere, one stretch at a time.
     */
    public StoredStretch readStoredFrom(byte[] fromKey, long maxBytes) {
        return withRange(new KeyRange(fromKey, null), false, it -> {
            List<WriteOp> records = new ArrayList<>();
            long bytes = 0;
            for (; it.valid(); it.next()) {
                if (!records.isEmpty() && bytes >= maxBytes) {
                    return new StoredStretch(records, Optional.of(it.key()));
                }
                WriteOp record = WriteOp.put(it.key(), it.storedValue());
                records.add(record);
                bytes += record.sizeBytes();
            }
            return new StoredStretch(records, Optional.empty());
        });
    }

    /** Runs {@code reader} over a range iterator that is closed afterwards. */
    <T> T withRange(KeyRange range, boolean reverse, Function<RangeIterator, T> reader) {
        return call("iterate", () -> {
            try (RangeIterator it = RangeIterator.open(db, dataCf, range, reverse)) {
                return reader.apply(it);
            }
        });
    }

    /** Opens an iterator for a scan cursor, which keeps it beyond this call; the store closes it on close. */
    RangeIterator openForCursor(ScanCursor cursor, KeyRange range) {
        RangeIterator it = RangeIterator.open(db, dataCf, range, false);
        openCursors.add(cursor);
        return it;
    }

    void forgetCursor(ScanCursor cursor) {
        openCursors.remove(cursor);
    }

    /**
     * Deletes those of {@code candidates} that are still expired at {@code now}. The check and the
     * delete happen under the write mutex, so a record rewritten since it was found expired survives.
     */
    /** Whether the sweep deletes this key: one of the other half of a split, once that is allowed. */
    boolean sweepsAsForeign(byte[] storageKey) {
        return sweepForeignKeys && !owns(storageKey);
    }

    /** Deletes the candidates still expired, or foreign ({@link #sweepsAsForeign}), now. */
    int deleteIfSwept(List<byte[]> candidates, int now) {
        if (candidates.isEmpty()) {
            return 0;
        }
        return call("delete expired records", () -> {
            synchronized (writeMutex) {
                List<byte[]> values = db.multiGetAsList(Collections.nCopies(candidates.size(), dataCf), candidates);
                int deleted = 0;
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = 0; i < candidates.size(); i++) {
                        byte[] stored = values.get(i);
                        if (stored != null && ((ValueSchema.isExpired(ValueSchema.expireTs(stored), now)
                                && Tombstones.sweepable(stored, now)) || sweepsAsForeign(candidates.get(i)))) {
                            batch.delete(dataCf, candidates.get(i));
                            deleted++;
                        }
                    }
                    if (deleted > 0) {
                        db.write(sweepOptions, batch);
                    }
                }
                return deleted;
            }
        });
    }

    /** A RocksDB call, whose failures are all alike to the caller. */
    @FunctionalInterface
    private interface RocksCall<T> {
        T run() throws RocksDBException;
    }

    /** Runs {@code body} while the store is guaranteed open, turning RocksDB failures into StorageException. */
    private <T> T call(String what, RocksCall<T> body) {
        Lock lock = readLock();
        try {
            return body.run();
        } catch (RocksDBException e) {
            throw new StorageException("cannot " + what + " in " + dir, e);
        } finally {
            lock.unlock();
        }
    }

    private Lock readLock() {
        Lock lock = closeLock.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StorageException("partition store " + dir + " is closed");
        }
        return lock;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
