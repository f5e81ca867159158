package dev.pegasus.bulkload;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A record on its way to an SST file: storage key, stored value (ValueSchema header included) and
 * its position in the input, which decides between duplicates.
 */
record SortEntry(byte[] key, long ordinal, byte[] value) {
    /**
     * Storage-key order as RocksDB's bytewise comparator sorts (unsigned bytes), and for equal keys
     * the latest in the input first: the first of each key is the one kept.
     */
    static final Comparator<SortEntry> ORDER = (a, b) -> {
        int byKey = Arrays.compareUnsigned(a.key, b.key);
        return byKey != 0 ? byKey : Long.compare(b.ordinal, a.ordinal);
    };

    /** What the entry costs in memory while buffered, roughly: arrays, headers and references. */
    long memoryBytes() {
        return key.length + value.length + 96L;
    }
}
