package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/** The full key of one record. Equality compares the bytes. */
public record FullKey(byte[] hashKey, byte[] sortKey) {
    @Override
    public boolean equals(Object o) {
        return o instanceof FullKey other && Arrays.equals(hashKey, other.hashKey)
                && Arrays.equals(sortKey, other.sortKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(hashKey), Arrays.hashCode(sortKey));
    }

    @Override
    public String toString() {
        return "FullKey[" + Bytes.show(hashKey) + " : " + Bytes.show(sortKey) + "]";
    }
}
