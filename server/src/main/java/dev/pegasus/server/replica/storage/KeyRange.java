package dev.pegasus.server.replica.storage;

import java.util.Arrays;

/**
 * A range of storage keys normalised to {@code [lower, upper)}: every inclusive/exclusive variant of
 * Pegasus's ranges maps onto it (an exclusive start becomes its successor, an inclusive stop its
 * successor), so iteration code checks one kind of bound only.
 *
 * @param lower inclusive lower bound (empty: from the first key)
 * @param upper exclusive upper bound, or null for no bound
 */
record KeyRange(byte[] lower, byte[] upper) {
    static final KeyRange ALL = new KeyRange(Bytes.EMPTY, null);

    static KeyRange of(byte[] start, boolean startInclusive, byte[] stopOrNull, boolean stopInclusive) {
        byte[] lower = startInclusive ? start : Bytes.successor(start);
        byte[] upper = stopOrNull == null ? null : stopInclusive ? Bytes.successor(stopOrNull) : stopOrNull;
        return new KeyRange(lower, upper);
    }

    /** Every key that starts with {@code prefix}. */
    static KeyRange withPrefix(byte[] prefix) {
        byte[] successor = dev.pegasus.protocol.KeySchema.prefixSuccessor(prefix);
        return new KeyRange(prefix, successor.length == 0 ? null : successor);
    }

    boolean isEmpty() {
        return upper != null && Arrays.compareUnsigned(lower, upper) >= 0;
    }

    boolean isBelowUpper(byte[] key) {
        return upper == null || Arrays.compareUnsigned(key, upper) < 0;
    }

    boolean isAtOrAboveLower(byte[] key) {
        return Arrays.compareUnsigned(key, lower) >= 0;
    }

    /** The part of this range that is also in {@code other}. */
    KeyRange intersect(KeyRange other) {
        byte[] newLower = Arrays.compareUnsigned(lower, other.lower) >= 0 ? lower : other.lower;
        byte[] newUpper;
        if (upper == null) {
            newUpper = other.upper;
        } else if (other.upper == null) {
            newUpper = upper;
        } else {
            newUpper = Arrays.compareUnsigned(upper, other.upper) <= 0 ? upper : other.upper;
        }
        return new KeyRange(newLower, newUpper);
    }
}
