package dev.pegasus.server.replica.storage;

/**
 * Hash-key and sort-key filters applied to storage keys during range reads, without copying the
 * key parts out of the storage key.
 */
record KeyFilter(PatternFilter hashKey, PatternFilter sortKey) {
    static final KeyFilter NONE = new KeyFilter(PatternFilter.NONE, PatternFilter.NONE);

    static KeyFilter onSortKey(PatternFilter sortKey) {
        return new KeyFilter(PatternFilter.NONE, sortKey);
    }

    boolean test(byte[] storageKey) {
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
