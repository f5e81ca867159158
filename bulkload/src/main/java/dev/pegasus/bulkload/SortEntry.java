package dev.pegasus.bulkload;

import dev.pegasus.protocol.PartitionHash;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A record on its way to an SST file: storage key, stored value (ValueSchema header included) and
 * its position in the input, which decides between duplicates. Serializable, so that a Spark shuffle
 * can carry it to the task writing its partition.
 */
public record SortEntry(byte[] key, long ordinal, byte[] value) implements Serializable {
    /**
     * Storage-key order as RocksDB's bytewise comparator sorts (unsigned bytes), and for equal keys
     * the latest in the input first: the first of each key is the one kept. Serializable, as Spark's
     * sort within partitions ships it to the executors.
     */
    public static final Comparator<SortEntry> ORDER = (Comparator<SortEntry> & Serializable) (a, b) -> {
        int byKey = Arrays.compareUnsigned(a.key, b.key);
        return byKey != 0 ? byKey : Long.compare(b.ordinal, a.ordinal);
    };

    /** The table partition the record belongs to: the cluster's hash of its hash key. */
    public int partition(int partitionCount) {
        return PartitionHash.partitionIndex(PartitionHash.ofStorageKey(key), partitionCount);
    }

    /** What the entry costs in memory while buffered, roughly: arrays, headers and references. */
    long memoryBytes() {
        return key.length + value.length + 96L;
    }
}
