package dev.pegasus.bulkload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A replica's store as its files on disk hold it (what a crash would leave), read without the server:
 * a read-only RocksDB open of a replica directory, which the live server keeps using meanwhile.
 */
final class ReplicaStores {
    static {
        RocksDB.loadLibrary();
    }

    /** Every record of the default column family (hex key to hex stored value) and the last bulk load id. */
    record Contents(Map<String, String> records, Optional<String> lastBulkLoad) {}

    private ReplicaStores() {
    }

    /** Empty when the directory is missing or cannot be opened right now (e.g. files moving under a compaction). */
    static Optional<Contents> read(Path replicaDir) {
        if (!Files.isDirectory(replicaDir)) {
            return Optional.empty();
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); ColumnFamilyOptions cf = new ColumnFamilyOptions();
             RocksDB db = RocksDB.openReadOnly(options, replicaDir.toString(), List.of(
                     new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                     new ColumnFamilyDescriptor("pegasus_meta_cf".getBytes(StandardCharsets.US_ASCII), cf)), handles)) {
            try {
                Map<String, String> records = new TreeMap<>();
                try (RocksIterator it = db.newIterator(handles.get(0))) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        records.put(HexFormat.of().formatHex(it.key()), HexFormat.of().formatHex(it.value()));
                    }
                }
                byte[] load = db.get(handles.get(1), "pegasus_last_bulk_load".getBytes(StandardCharsets.US_ASCII));
                return Optional.of(new Contents(records, Optional.ofNullable(load)
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))));
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether every given replica directory holds the load and exactly the same records.
     *
     * @param expectedRecords how many records each must hold, at least (the load's and the live ones)
     */
    static boolean agree(List<Path> replicaDirs, String loadId, int expectedRecords) {
        Contents first = null;
        for (Path dir : replicaDirs) {
            Optional<Contents> contents = read(dir);
            if (contents.isEmpty() || !contents.get().lastBulkLoad().equals(Optional.of(loadId))
                    || contents.get().records().size() < expectedRecords) {
                return false;
            }
            if (first == null) {
                first = contents.get();
            } else if (!first.records().equals(contents.get().records())) {
                return false;
            }
        }
        return first != null;
    }
}
