package dev.pegasus.server.replica.storage;

import dev.pegasus.checkpoint.SplitPoint;
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
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;

/**
 * The split points of a checkpoint of a partition store ({@link StoreCheckpoint}), for its backup's
 * manifest: the checkpoint is opened read-only, and {@link SplitPointSearch} bisects on RocksDB's
 * size estimates, which read index blocks only, so a checkpoint of any size costs a fraction of a
 * second to about two, not a pass over its records.
 */
public final class CheckpointSplitPoints {
    static {
        RocksDB.loadLibrary();
    }

    private CheckpointSplitPoints() {
    }

    public static List<SplitPoint> of(Path checkpointDir) throws IOException {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions dbOptions = new DBOptions().setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
                ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
                RocksDB db = RocksDB.openReadOnly(dbOptions, checkpointDir.toString(), List.of(
                        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                        new ColumnFamilyDescriptor(PartitionStore.META_COLUMN_FAMILY.getBytes(StandardCharsets.US_ASCII),
                                cfOptions)), handles)) {
            // Handles and the iterator go before the database they belong to.
            try (ReadOptions readOptions = new ReadOptions().setFillCache(false);
                    RocksIterator iterator = db.newIterator(handles.get(0), readOptions)) {
                return new SplitPointSearch(new Estimates(db, handles.get(0), iterator)).points();
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot open the checkpoint " + checkpointDir + " to find its split points: "
                    + e.getMessage(), e);
        }
    }

    /** The records of the data column family, as the search sees them. */
    private record Estimates(RocksDB db, ColumnFamilyHandle data, RocksIterator iterator)
            implements SplitPointSearch.Records {
        @Override
        public Optional<byte[][]> bounds() {
            iterator.seekToFirst();
            if (!iterator.isValid()) {
                return Optional.empty();
            }
            byte[] first = iterator.key();
            iterator.seekToLast();
            return Optional.of(new byte[][] {first, iterator.key()});
        }

        @Override
        public long bytesBelow(byte[] key) {
            try (Slice start = new Slice(new byte[0]); Slice limit = new Slice(key)) {
                return db.getApproximateSizes(data, List.of(new Range(start, limit)),
                        SizeApproximationFlag.INCLUDE_FILES)[0];
            }
        }

        @Override
        public Optional<byte[]> ceiling(byte[] key) {
            iterator.seek(key);
            return iterator.isValid() ? Optional.of(iterator.key()) : Optional.empty();
        }
    }
}
