package dev.pegasus.spark;

import java.io.IOException;
import java.util.Map;
import org.rocksdb.RocksDB;

/**
 * Counts the rows of a snapshot with the connector's partition readers, outside Spark's scheduler:
 * run in a JVM whose classpath has another rocksdbjni, it shows that version reads the checkpoints.
 * Prints {@code rocksdb VERSION rows N}.
 */
public final class SnapshotCount {
    private SnapshotCount() {
    }

    public static void main(String[] args) throws IOException {
        ReadOptions options = ReadOptions.parse(Map.of(ReadOptions.SNAPSHOT, args[0]));
        SnapshotLocation location = SnapshotLocation.resolve(options);
        ColumnLayout layout = ColumnLayout.of(SnapshotSchema.of(Encoding.BINARY), Encoding.BINARY);
        long rows = 0;
        for (int p = 0; p < location.partitionCount(); p++) {
            SnapshotInputPartition partition = new SnapshotInputPartition(location, p, new byte[0], new byte[0]);
            try (SnapshotPartitionReader reader = new SnapshotPartitionReader(partition, layout, KeyPredicate.ALL,
                    System.getProperty("java.io.tmpdir"))) {
                while (reader.next()) {
                    rows++;
                }
            }
        }
        System.out.println("rocksdb " + RocksDB.rocksdbVersion() + " rows " + rows);
    }
}
