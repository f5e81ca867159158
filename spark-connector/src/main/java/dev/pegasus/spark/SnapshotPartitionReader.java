package dev.pegasus.spark;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.tools.SharedCheckpoints;
import dev.pegasus.checkpoint.tools.SnapshotReadOptions;
import dev.pegasus.checkpoint.tools.SnapshotReader;
import dev.pegasus.checkpoint.tools.SnapshotRecord;
import dev.pegasus.checkpoint.tools.StorageKeyRange;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * Reads one key range of a partition of a snapshot on an executor: stages its checkpoint locally
 * (once for every task of the executor reading that partition), iterates the storage-key range,
 * skips expired records and, when filters were pushed, records they reject.
 */
final class SnapshotPartitionReader implements PartitionReader<InternalRow> {
    private final SnapshotInputPartition partition;
    private final ColumnLayout layout;
    private final KeyPredicate predicate;
    private final String stagingDir;
    private FileStore store;
    private SnapshotReader reader;
    private InternalRow current;

    SnapshotPartitionReader(SnapshotInputPartition partition, ColumnLayout layout, KeyPredicate predicate,
            String stagingDir) {
        this.partition = partition;
        this.layout = layout;
        this.predicate = predicate;
        this.stagingDir = stagingDir;
    }

    @Override
    public boolean next() throws IOException {
        if (reader == null) {
            open();
        }
        while (reader.advance()) {
            SnapshotRecord r = reader.current();
            if (predicate.isAll() || predicate.matches(r.hashKey(), r.sortKey())) {
                current = layout.row(r);
                return true;
            }
        }
        return false;
    }

    private void open() throws IOException {
        SnapshotLocation location = partition.location();
        store = location.openStore();
        BackupRepository backups = new BackupRepository(store);
        BackupManifest manifest = backups.manifest(location.table(), location.backupId());
        SnapshotReadOptions options = SnapshotReadOptions.defaults()
                .withRange(new StorageKeyRange(partition.start(), partition.stop()))
                .withStagingParent(Path.of(stagingDir));
        options = predicate.scanHashKeyPrefix().map(options::withHashKeyPrefix).orElse(options);
        if (!layout.needsValue()) {
            options = options.withoutValues();
        }
        // Other tasks of this executor may read other key ranges of the same partition.
        reader = SnapshotReader.open(SharedCheckpoints.jvm(), backups, manifest, partition.partitionIndex(), options);
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() throws IOException {
        try (FileStore s = store; SnapshotReader r = reader) {
            current = null;
        }
    }
}
