package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.CorruptBackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A partition checkpoint on the local disk, opened read-only with both column families (see
 * FORMAT.md): {@code default} holds the records, {@code pegasus_meta_cf} the decree and data version.
 *
 * <p>Read-only RocksDB rather than reading SST files one by one, because a checkpoint holds several
 * levels of overlapping files in which a newer put or deletion overrides an older record; only
 * RocksDB's merge of them gives the live set.
 */
final class CheckpointDb implements AutoCloseable {
    static final String META_COLUMN_FAMILY = "pegasus_meta_cf";
    static final String LAST_FLUSHED_DECREE_KEY = "pegasus_last_flushed_decree";
    static final String DATA_VERSION_KEY = "pegasus_data_version";
    static final int DATA_VERSION = 1;
    static final String SPLIT_COUNT_KEY = "pegasus_split_partition_count";

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle dataCf;
    private final ColumnFamilyHandle metaCf;

    private CheckpointDb(Path dir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db,
            ColumnFamilyHandle dataCf, ColumnFamilyHandle metaCf) {
        this.dir = dir;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.db = db;
        this.dataCf = dataCf;
        this.metaCf = metaCf;
    }

    static CheckpointDb open(Path dir) throws IOException {
        // One thread opens the files: RocksDB's default starts 16 threads per open, which made an open
        // of a small checkpoint take about 10 ms instead of 1. Statistics for compaction are not needed.
        DBOptions dbOptions = new DBOptions().setInfoLogLevel(InfoLogLevel.WARN_LEVEL).setMaxFileOpeningThreads(1)
                .setSkipStatsUpdateOnDbOpen(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(META_COLUMN_FAMILY.getBytes(StandardCharsets.US_ASCII), cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles);
            return new CheckpointDb(dir, dbOptions, cfOptions, db, handles.get(0), handles.get(1));
        } catch (RocksDBException e) {
            cfOptions.close();
            dbOptions.close();
            throw new CorruptBackupException("cannot open the checkpoint in " + dir + " with column families default and "
                    + META_COLUMN_FAMILY + ": " + e.getMessage(), e);
        }
    }

    /** The decree the checkpoint was taken at, as its meta column family records it. */
    long decree() throws IOException {
        return metaNumber(LAST_FLUSHED_DECREE_KEY);
    }

    long dataVersion() throws IOException {
        return metaNumber(DATA_VERSION_KEY);
    }

    /**
     * Whether the partition had split when the checkpoint was taken: then it may still hold keys of the
     * other half of the split, which the server filters out until its sweep has deleted them.
     */
    boolean split() throws IOException {
        try {
            return db.get(metaCf, SPLIT_COUNT_KEY.getBytes(StandardCharsets.US_ASCII)) != null;
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + SPLIT_COUNT_KEY + " from the checkpoint in " + dir, e);
        }
    }

    private long metaNumber(String key) throws IOException {
        String text = meta(key);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CorruptBackupException("the checkpoint in " + dir + " records " + key + " '" + text + "'", e);
        }
    }

    private String meta(String key) throws IOException {
        byte[] value;
        try {
            value = db.get(metaCf, key.getBytes(StandardCharsets.US_ASCII));
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + key + " from the checkpoint in " + dir, e);
        }
        if (value == null) {
            throw new CorruptBackupException("the checkpoint in " + dir + " has no " + key + " in " + META_COLUMN_FAMILY);
        }
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** An iterator over the records of {@code range}, which it closes with itself. */
    RangeIterator iterate(StorageKeyRange range) {
        return new RangeIterator(range);
    }

    /** A RocksDB iterator with the options and bounds it needs kept alive until it is closed. */
    final class RangeIterator implements AutoCloseable {
        private final Optional<Slice> lower;
        private final Optional<Slice> upper;
        private final ReadOptions options;
        final RocksIterator rocks;

        private RangeIterator(StorageKeyRange range) {
            lower = range.hasStart() ? Optional.of(new Slice(range.start())) : Optional.empty();
            upper = range.hasStop() ? Optional.of(new Slice(range.stop())) : Optional.empty();
            // Scans touch every block once: caching them would only evict the index and filter blocks.
            options = new ReadOptions().setFillCache(false);
            lower.ifPresent(options::setIterateLowerBound);
            upper.ifPresent(options::setIterateUpperBound);
            rocks = db.newIterator(dataCf, options);
        }

        @Override
        public void close() {
            rocks.close();
            options.close();
            lower.ifPresent(Slice::close);
            upper.ifPresent(Slice::close);
        }
    }

    @Override
    public void close() {
        dataCf.close();
        metaCf.close();
        db.close();
        cfOptions.close();
        dbOptions.close();
    }
}
