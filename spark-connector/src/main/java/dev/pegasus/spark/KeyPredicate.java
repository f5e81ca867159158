package dev.pegasus.spark;

import dev.pegasus.checkpoint.tools.StorageKeyRange;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The conjunction of the key filters pushed into a snapshot scan: which hash keys (a set, a prefix),
 * which sort keys (a range, a prefix). Decides which table partitions can hold matching records, the
 * storage-key range to seek within each, and whether one record matches.
 *
 * <p>Immutable; each {@code with…} narrows. Invariant: {@code hashKeys}, when known, is sorted in
 * unsigned byte order without duplicates.
 */
final class KeyPredicate implements Serializable {
    static final KeyPredicate ALL = new KeyPredicate(false, List.of(), new byte[0], null, null, new byte[0], false);

    /** When false, any hash key; else only those in {@link #hashKeys}. */
    private final boolean hashKeysKnown;
    private final List<byte[]> hashKeys;
    private final byte[] hashKeyPrefix;
    /** Null for no bound: records are Serializable, Optional is not. */
    private final SortKeyBound sortLower;
    private final SortKeyBound sortUpper;
    private final byte[] sortKeyPrefix;
    /** Filters that contradict each other, such as two diverging prefixes: no record matches. */
    private final boolean nothing;

    private KeyPredicate(boolean hashKeysKnown, List<byte[]> hashKeys, byte[] hashKeyPrefix, SortKeyBound sortLower,
            SortKeyBound sortUpper, byte[] sortKeyPrefix, boolean nothing) {
        this.hashKeysKnown = hashKeysKnown;
        this.hashKeys = hashKeys;
        this.hashKeyPrefix = hashKeyPrefix;
        this.sortLower = sortLower;
        this.sortUpper = sortUpper;
        this.sortKeyPrefix = sortKeyPrefix;
        this.nothing = nothing;
    }

    /** Only records whose hash key is one of {@code keys} (and of any set given before). */
    KeyPredicate withHashKeys(Collection<byte[]> keys) {
        List<byte[]> sorted = new ArrayList<>(keys);
        sorted.sort(Arrays::compareUnsigned);
        List<byte[]> distinct = new ArrayList<>();
        for (byte[] key : sorted) {
            boolean duplicate = !distinct.isEmpty() && Arrays.equals(distinct.get(distinct.size() - 1), key);
            boolean admitted = !hashKeysKnown || hashKeys.stream().anyMatch(k -> Arrays.equals(k, key));
            if (!duplicate && admitted) {
                distinct.add(key);
            }
        }
        return new KeyPredicate(true, List.copyOf(distinct), hashKeyPrefix, sortLower, sortUpper, sortKeyPrefix,
                nothing);
    }

    KeyPredicate withHashKeyPrefix(byte[] prefix) {
        Optional<byte[]> both = longerPrefix(hashKeyPrefix, prefix);
        return new KeyPredicate(hashKeysKnown, hashKeys, both.orElse(hashKeyPrefix), sortLower, sortUpper,
                sortKeyPrefix, nothing || both.isEmpty());
    }

    KeyPredicate withSortKeyLower(SortKeyBound bound) {
        SortKeyBound lower = sortLower == null ? bound : SortKeyBound.tighterLower(sortLower, bound);
        return new KeyPredicate(hashKeysKnown, hashKeys, hashKeyPrefix, lower, sortUpper, sortKeyPrefix, nothing);
    }

    KeyPredicate withSortKeyUpper(SortKeyBound bound) {
        SortKeyBound upper = sortUpper == null ? bound : SortKeyBound.tighterUpper(sortUpper, bound);
        return new KeyPredicate(hashKeysKnown, hashKeys, hashKeyPrefix, sortLower, upper, sortKeyPrefix, nothing);
    }

    KeyPredicate withSortKeyPrefix(byte[] prefix) {
        Optional<byte[]> both = longerPrefix(sortKeyPrefix, prefix);
        return new KeyPredicate(hashKeysKnown, hashKeys, hashKeyPrefix, sortLower, sortUpper,
                both.orElse(sortKeyPrefix), nothing || both.isEmpty());
    }

    /**
     * Two prefixes hold together only if one extends the other; the longer one then says it all. Two
     * that diverge match nothing: empty.
     */
    private static Optional<byte[]> longerPrefix(byte[] a, byte[] b) {
        byte[] longer = a.length >= b.length ? a : b;
        byte[] shorter = a.length >= b.length ? b : a;
        return startsWith(longer, shorter) ? Optional.of(longer.clone()) : Optional.empty();
    }

    /** The hash-key prefix the snapshot reader can skip-scan with, when no hash-key set is known. */
    Optional<byte[]> scanHashKeyPrefix() {
        return hashKeysKnown || hashKeyPrefix.length == 0 ? Optional.empty() : Optional.of(hashKeyPrefix.clone());
    }

    /** The partitions that can hold matching records, ascending. */
    List<Integer> partitions(int partitionCount) {
        if (nothing) {
            return List.of();
        }
        IntStream all = IntStream.range(0, partitionCount);
        if (!hashKeysKnown || hashKeys.stream().anyMatch(k -> k.length == 0)) {
            // Records of the empty hash key are placed by their sort key: any partition may hold one.
            return all.filter(p -> rangeIn(p, partitionCount).isPresent()).boxed().toList();
        }
        return all.filter(p -> hashKeys.stream().anyMatch(k -> partitionOf(k, partitionCount) == p))
                .filter(p -> rangeIn(p, partitionCount).isPresent()).boxed().toList();
    }

    private static int partitionOf(byte[] hashKey, int partitionCount) {
        return PartitionHash.partitionIndex(PartitionHash.crc64(hashKey), partitionCount);
    }

    /**
     * The storage keys of partition {@code partition} to scan: all of them without a known hash-key set,
     * else the smallest range covering the set's keys there (records in the gaps are filtered by
     * {@link #matches}); empty when nothing in the partition can match.
     */
    Optional<StorageKeyRange> rangeIn(int partition, int partitionCount) {
        if (nothing) {
            return Optional.empty();
        }
        if (!hashKeysKnown) {
            return Optional.of(StorageKeyRange.ALL);
        }
        byte[] start = null;
        byte[] stop = null;
        for (byte[] hashKey : hashKeys) {
            boolean here = hashKey.length == 0 || partitionOf(hashKey, partitionCount) == partition;
            if (!here || !startsWith(hashKey, hashKeyPrefix) || hashKey.length >= KeySchema.MAX_HASH_KEY_LENGTH) {
                continue;
            }
            Optional<byte[][]> range = rangeOf(hashKey);
            if (range.isPresent()) {
                byte[] first = range.get()[0];
                byte[] end = range.get()[1];
                start = start == null || Arrays.compareUnsigned(first, start) < 0 ? first : start;
                stop = stop == null || Arrays.compareUnsigned(end, stop) > 0 ? end : stop;
            }
        }
        return start == null ? Optional.empty() : Optional.of(new StorageKeyRange(start, stop));
    }

    /** {start, stop} of the storage keys of one hash key that the sort-key bounds admit; empty if none. */
    private Optional<byte[][]> rangeOf(byte[] hashKey) {
        byte[] start = KeySchema.hashKeyPrefix(hashKey);
        byte[] stop = KeySchema.prefixSuccessor(start);
        if (sortLower != null) {
            start = max(start, KeySchema.encode(hashKey, sortLower.firstAdmittedAsLower()));
        }
        if (sortUpper != null) {
            stop = min(stop, KeySchema.encode(hashKey, sortUpper.stopAsUpper()));
        }
        if (sortKeyPrefix.length > 0) {
            byte[] prefixed = KeySchema.encode(hashKey, sortKeyPrefix);
            start = max(start, prefixed);
            stop = min(stop, KeySchema.prefixSuccessor(prefixed));
        }
        return Arrays.compareUnsigned(start, stop) < 0 ? Optional.of(new byte[][] {start, stop}) : Optional.empty();
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** Whether a record with these keys satisfies every pushed filter. */
    boolean matches(byte[] hashKey, byte[] sortKey) {
        if (nothing || hashKeysKnown && !containsHashKey(hashKey)) {
            return false;
        }
        return startsWith(hashKey, hashKeyPrefix) && startsWith(sortKey, sortKeyPrefix)
                && (sortLower == null || sortLower.admitsAsLower(sortKey))
                && (sortUpper == null || sortUpper.admitsAsUpper(sortKey));
    }

    private boolean containsHashKey(byte[] hashKey) {
        int low = 0;
        int high = hashKeys.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Arrays.compareUnsigned(hashKeys.get(mid), hashKey);
            if (c == 0) {
                return true;
            } else if (c < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Whether any filter narrows the scan, so that the reader has to check records. */
    boolean isAll() {
        return !nothing && !hashKeysKnown && hashKeyPrefix.length == 0 && sortLower == null && sortUpper == null
                && sortKeyPrefix.length == 0;
    }

    @Override
    public String toString() {
        if (nothing) {
            return "no keys";
        }
        List<String> parts = new ArrayList<>();
        if (hashKeysKnown) {
            parts.add(hashKeys.size() + " hash key(s)");
        }
        if (hashKeyPrefix.length > 0) {
            parts.add("hash key prefix of " + hashKeyPrefix.length + " bytes");
        }
        if (sortLower != null || sortUpper != null) {
            parts.add("sort key range");
        }
        if (sortKeyPrefix.length > 0) {
            parts.add("sort key prefix of " + sortKeyPrefix.length + " bytes");
        }
        return parts.isEmpty() ? "all keys" : String.join(", ", parts);
    }
}
