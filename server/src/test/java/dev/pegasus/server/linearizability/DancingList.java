package dev.pegasus.server.linearizability;

/**
 * A doubly linked list of the ints {@code 0..size-1} over plain arrays, from which elements can be
 * removed and then restored in reverse order of removal in constant time (Knuth's dancing links):
 * a removed element keeps its own links, which is exactly what a backtracking search needs to undo.
 */
final class DancingList {
    static final int NIL = -1;

    private final int head;
    private final int[] next;
    private final int[] prev;

    /** A list holding {@code elements} in that order; they must be distinct and in {@code 0..elements.length-1}. */
    DancingList(int[] elements) {
        head = elements.length;
        next = new int[head + 1];
        prev = new int[head + 1];
        int last = head;
        for (int element : elements) {
            next[last] = element;
            prev[element] = last;
            last = element;
        }
        next[last] = NIL;
    }

    /** The first element, or NIL if the list is empty. */
    int first() {
        return next[head];
    }

    /** The element after {@code element}, or NIL. */
    int next(int element) {
        return next[element];
    }

    boolean isEmpty() {
        return next[head] == NIL;
    }

    void remove(int element) {
        next[prev[element]] = next[element];
        if (next[element] != NIL) {
            prev[next[element]] = prev[element];
        }
    }

    /** Puts back the element removed most recently among those still out. */
    void restore(int element) {
        next[prev[element]] = element;
        if (next[element] != NIL) {
            prev[next[element]] = element;
        }
    }
}
