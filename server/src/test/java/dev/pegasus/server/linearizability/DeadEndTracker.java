package dev.pegasus.server.linearizability;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps, while the search runs, the furthest completion it could not get past: the place to look
 * when the search fails, and a measure of progress when it runs out of budget.
 */
final class DeadEndTracker {
    private static final int VALUES_KEPT = 8;

    private int furthestPosition = -1;
    private Operation blocked;
    private List<Operation> path = List.of();
    private final Set<Integer> values = new LinkedHashSet<>();

    /**
     * Records a dead end before the completion of {@code blocked}, with the register holding
     * {@code value}; {@code lastLinearized} gives the end of the ordering that led there, and is
     * only asked for when this is the furthest dead end so far.
     */
    void note(int position, Operation blocked, int value, Supplier<List<Operation>> lastLinearized) {
        if (position > furthestPosition) {
            furthestPosition = position;
            this.blocked = blocked;
            path = lastLinearized.get();
            values.clear();
        }
        if (position == furthestPosition && values.size() < VALUES_KEPT) {
            values.add(value);
        }
    }

    /** The furthest dead end, or null if the search never met one. */
    DeadEnd furthest(KeyHistory history) {
        if (blocked == null) {
            return null;
        }
        return new DeadEnd(blocked, values.stream().map(history::describe).toList(), path);
    }
}
