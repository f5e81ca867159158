package dev.pegasus.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to executors: opens the reader of one snapshot partition. */
record SnapshotReaderFactory(ColumnLayout layout, KeyPredicate predicate, String stagingDir)
        implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new SnapshotPartitionReader((SnapshotInputPartition) partition, layout, predicate, stagingDir);
    }
}
