package dev.pegasus.client;

import java.util.Arrays;
import java.util.Objects;

/** A record returned by a scanner. Equality compares the bytes. */
public record KeyValue(byte[] hashKey, byte[] sortKey, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other && Arrays.equals(hashKey, other.hashKey)
                && Arrays.equals(sortKey, other.sortKey) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(hashKey), Arrays.hashCode(sortKey), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "KeyValue[" + Bytes.show(hashKey) + " : " + Bytes.show(sortKey) + " -> " + Bytes.show(value) + "]";
    }
}
