package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/** A record of a known hash key: sort key and value. Equality compares the bytes. */
public record SortKeyValue(byte[] sortKey, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof SortKeyValue other && Arrays.equals(sortKey, other.sortKey)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sortKey), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "SortKeyValue[" + Bytes.show(sortKey) + " -> " + Bytes.show(value) + "]";
    }
}
