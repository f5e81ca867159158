package dev.pegasus.checkpoint.tools;

import dev.pegasus.protocol.KeySchema;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Storage keys from {@code start} (inclusive) to {@code stop} (exclusive), compared as unsigned bytes
 * the way RocksDB orders them; an empty bound is no bound.
 */
public record StorageKeyRange(byte[] start, byte[] stop) {
    public static final StorageKeyRange ALL = new StorageKeyRange(new byte[0], new byte[0]);

    public StorageKeyRange {
        start = start.clone();
        stop = stop.clone();
        if (stop.length > 0 && Arrays.compareUnsigned(start, stop) >= 0) {
            throw new IllegalArgumentException("empty key range: start " + HexFormat.of().formatHex(start)
                    + " is not below stop " + HexFormat.of().formatHex(stop));
        }
    }

    /** Every record of one hash key. */
    public static StorageKeyRange hashKey(byte[] hashKey) {
        byte[] prefix = KeySchema.hashKeyPrefix(hashKey);
        return new StorageKeyRange(prefix, KeySchema.prefixSuccessor(prefix));
    }

    @Override
    public byte[] start() {
        return start.clone();
    }

    @Override
    public byte[] stop() {
        return stop.clone();
    }

    public boolean hasStart() {
        return start.length > 0;
    }

    public boolean hasStop() {
        return stop.length > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageKeyRange range && Arrays.equals(start, range.start)
                && Arrays.equals(stop, range.stop);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(stop);
    }

    @Override
    public String toString() {
        return "[" + HexFormat.of().formatHex(start) + ", " + (hasStop() ? HexFormat.of().formatHex(stop) : "end") + ")";
    }
}
