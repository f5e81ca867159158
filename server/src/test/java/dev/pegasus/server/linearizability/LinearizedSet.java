package dev.pegasus.server.linearizability;

import java.util.Arrays;

/**
 * The set of operations the search has linearized so far, as a bitset whose {@link #snapshot}s are
 * the memo keys of the search.
 *
 * <p>Bits {@code [0, knownCount)} are the known operations in completion order, the rest the
 * unknown ones. Whenever the search stands before a known operation's completion, every known
 * operation completing earlier has been linearized, so the known bits are a run of ones followed
 * by a short window. A snapshot stores only that window and where it starts: a few words instead of
 * one bit per operation, which keeps a memo of a million states of a long history within a small heap.
 */
final class LinearizedSet {
    private static final long[] NO_WORDS = new long[0];

    private final int knownCount;
    private final long[] known;
    private final long[] unknown;
    /** Every known word below this one is all ones, and this one is not. */
    private int firstOpenWord;
    /** No known word above this one has a bit set; may overestimate until the next snapshot trims it. */
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

    /** An immutable copy of this set together with the register value reached with it. */
    Snapshot snapshot(int state) {
        while (lastUsedWord >= firstOpenWord && known[lastUsedWord] == 0) {
            lastUsedWord--;
        }
        long[] window = lastUsedWord >= firstOpenWord
                ? Arrays.copyOfRange(known, firstOpenWord, lastUsedWord + 1) : NO_WORDS;
        long[] unknownCopy = unknown.length == 0 ? NO_WORDS : unknown.clone();
        return new Snapshot(state, firstOpenWord, window, unknownCopy);
    }

    private static long[] words(int bits) {
        return bits == 0 ? NO_WORDS : new long[(bits + 63) >>> 6];
    }

    /** A linearized set and register value, compared by content. */
    static final class Snapshot {
        private final int state;
        private final int firstOpenWord;
        private final long[] window;
        private final long[] unknown;
        private final int hash;

        private Snapshot(int state, int firstOpenWord, long[] window, long[] unknown) {
            this.state = state;
            this.firstOpenWord = firstOpenWord;
            this.window = window;
            this.unknown = unknown;
            int h = 31 * state + firstOpenWord;
            h = 31 * h + Arrays.hashCode(window);
            this.hash = 31 * h + Arrays.hashCode(unknown);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot that
                    && hash == that.hash
                    && state == that.state
                    && firstOpenWord == that.firstOpenWord
                    && Arrays.equals(window, that.window)
                    && Arrays.equals(unknown, that.unknown);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
