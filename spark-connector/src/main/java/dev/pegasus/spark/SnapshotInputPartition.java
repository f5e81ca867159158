package dev.pegasus.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One table partition of a snapshot, and the storage keys to read in it ({@code [start, stop)}, empty
 * arrays for no bound).
 */
record SnapshotInputPartition(SnapshotLocation location, int partitionIndex, byte[] start, byte[] stop)
        implements InputPartition {
}
