package dev.pegasus.spark;

import java.io.Serializable;
import java.util.Arrays;

/** One end of a sort-key range pushed down from a filter; keys compare as unsigned bytes. */
record SortKeyBound(byte[] key, boolean inclusive) implements Serializable {
    /** Whether {@code sortKey} is on the allowed side of this bound, taken as a lower bound. */
    boolean admitsAsLower(byte[] sortKey) {
        int c = Arrays.compareUnsigned(sortKey, key);
        return inclusive ? c >= 0 : c > 0;
    }

    boolean admitsAsUpper(byte[] sortKey) {
        int c = Arrays.compareUnsigned(sortKey, key);
        return inclusive ? c <= 0 : c < 0;
    }

    /** The tighter of two lower bounds. */
    static SortKeyBound tighterLower(SortKeyBound a, SortKeyBound b) {
        int c = Arrays.compareUnsigned(a.key, b.key);
        return c > 0 || (c == 0 && !a.inclusive) ? a : b;
    }

    static SortKeyBound tighterUpper(SortKeyBound a, SortKeyBound b) {
        int c = Arrays.compareUnsigned(a.key, b.key);
        return c < 0 || (c == 0 && !a.inclusive) ? a : b;
    }

    /**
     * The smallest sort key this bound admits as a lower bound: the key itself, or the key followed by a
     * zero byte (the next key in byte order) when exclusive.
     */
    byte[] firstAdmittedAsLower() {
        return inclusive ? key.clone() : Arrays.copyOf(key, key.length + 1);
    }

    /** The smallest sort key beyond this bound taken as an upper bound: an exclusive stop. */
    byte[] stopAsUpper() {
        return inclusive ? Arrays.copyOf(key, key.length + 1) : key.clone();
    }
}
