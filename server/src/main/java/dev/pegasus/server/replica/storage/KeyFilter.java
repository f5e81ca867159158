package dev.pegasus.server.replica.storage;

import java.util.Optional;

/**
 * Hash-key and sort-key filters applied to storage keys during range reads, without copying the
 * key parts out of the storage key; and, for a whole-partition scan of a table that splits, the
 * partition whose keys are wanted (other keys stay in a store until the sweep removes them).
 *
 * @param partition the partition a key must hash to, if any
 */
record KeyFilter(PatternFilter hashKey, PatternFilter sortKey, Optional<HashPartition> partition) {
    static final KeyFilter NONE = new KeyFilter(PatternFilter.NONE, PatternFilter.NONE, Optional.empty());

    static KeyFilter onSortKey(PatternFilter sortKey) {
        return new KeyFilter(PatternFilter.NONE, sortKey, Optional.empty());
    }

    boolean test(byte[] storageKey) {
        if (partition.isPresent() && !partition.get().holds(storageKey)) {
            return false;
        }
        if (hashKey.isNone() && sortKey.isNone()) {
            return true;
        }
        // Stored keys were validated on write, but bulk-loaded data need not be: clamp rather than throw.
        int declared = storageKey.length < 2 ? 0 : ((storageKey[0] & 0xFF) << 8) | (storageKey[1] & 0xFF);
        int hashKeyEnd = Math.min(storageKey.length, 2 + declared);
        int hashKeyStart = Math.min(storageKey.length, 2);
        return hashKey.matches(storageKey, hashKeyStart, hashKeyEnd)
                && sortKey.matches(storageKey, hashKeyEnd, storageKey.length);
    }
}
