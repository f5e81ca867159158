package dev.pegasus.spark;

import dev.pegasus.bulkload.SortEntry;
import org.apache.spark.Partitioner;

/**
 * Spark partition i is table partition i: a record goes where the cluster's hash of its hash key
 * puts it, so that one task writes each table partition's files.
 */
final class TablePartitioner extends Partitioner {
    private final int partitionCount;

    TablePartitioner(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    @Override
    public int numPartitions() {
        return partitionCount;
    }

    @Override
    public int getPartition(Object key) {
        return ((SortEntry) key).partition(partitionCount);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TablePartitioner that && that.partitionCount == partitionCount;
    }

    @Override
    public int hashCode() {
        return partitionCount;
    }
}
