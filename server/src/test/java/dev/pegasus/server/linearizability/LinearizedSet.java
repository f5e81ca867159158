package dev.pegasus.server.linearizability;

import java.util.Arrays;

/**
 * The set of operations the search has linearized so far, as bitsets from which the search's
 * {@link Memo} keys are copied.
 *
 * <p>Bits {@code [0, knownCount)} are the known operations in completion order, the rest the
 * unknown ones. Whenever the search stands before a known operation's completion, every known
 * operation completing earlier has been linearized, so the known bits are a run of ones followed
 * by a short window. A {@link KnownKey} stores only that window and where it starts: a few words
 * instead of one bit per operation, which keeps a memo of a million states of a long history
 * within a small heap.
 */
final class LinearizedSet {
    private static final long[] NO_WORDS = new long[0];

    private final int knownCount;
    private final long[] known;
    private final long[] unknown;
    /** Every known word below this one is all ones, and this one is not. */
    private int firstOpenWord;
    /** No known word above this one has a bit set; may overestimate until the next key trims it. */
    private int lastUsedWord = -1;

    LinearizedSet(int knownCount, int unknownCount) {
        this.knownCount = knownCount;
        known = words(knownCount);
        unknown = words(unknownCount);
    }

    void add(int bit) {
        if (bit >= knownCount) {
            int index = bit - knownCount;
            unknown[index >>> 6] |= 1L << index;
            return;
        }
        int word = bit >>> 6;
        known[word] |= 1L << bit;
        lastUsedWord = Math.max(lastUsedWord, word);
        while (firstOpenWord < known.length && known[firstOpenWord] == -1L) {
            firstOpenWord++;
        }
    }

    void remove(int bit) {
        if (bit >= knownCount) {
            int index = bit - knownCount;
            unknown[index >>> 6] &= ~(1L << index);
            return;
        }
        int word = bit >>> 6;
        known[word] &= ~(1L << bit);
        firstOpenWord = Math.min(firstOpenWord, word);
    }

    boolean contains(int bit) {
        if (bit >= knownCount) {
            int index = bit - knownCount;
            return (unknown[index >>> 6] & (1L << index)) != 0;
        }
        return (known[bit >>> 6] & (1L << bit)) != 0;
    }

    /** An immutable copy of the known operations linearized, together with the register value reached. */
    KnownKey knownKey(int state) {
        while (lastUsedWord >= firstOpenWord && known[lastUsedWord] == 0) {
            lastUsedWord--;
        }
        long[] window = lastUsedWord >= firstOpenWord
                ? Arrays.copyOfRange(known, firstOpenWord, lastUsedWord + 1) : NO_WORDS;
        return new KnownKey(state, firstOpenWord, window);
    }

    /** A copy of the unknown operations linearized, one bit each. */
    long[] unknownBits() {
        return unknown.length == 0 ? NO_WORDS : unknown.clone();
    }

    private static long[] words(int bits) {
        return bits == 0 ? NO_WORDS : new long[(bits + 63) >>> 6];
    }

    /** A set of known operations and a register value, compared by content. */
    static final class KnownKey {
        private final int state;
        private final int firstOpenWord;
        private final long[] window;
        private final int hash;

        private KnownKey(int state, int firstOpenWord, long[] window) {
            this.state = state;
            this.firstOpenWord = firstOpenWord;
            this.window = window;
            this.hash = 31 * (31 * state + firstOpenWord) + Arrays.hashCode(window);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KnownKey that
                    && hash == that.hash
                    && state == that.state
                    && firstOpenWord == that.firstOpenWord
                    && Arrays.equals(window, that.window);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
