package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/** One record to write: full key and value. Equality compares the bytes. */
public record FullKeyValue(byte[] hashKey, byte[] sortKey, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof FullKeyValue other && Arrays.equals(hashKey, other.hashKey)
                && Arrays.equals(sortKey, other.sortKey) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(hashKey), Arrays.hashCode(sortKey), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "FullKeyValue[" + Bytes.show(hashKey) + " : " + Bytes.show(sortKey) + " -> " + Bytes.show(value) + "]";
    }
}
