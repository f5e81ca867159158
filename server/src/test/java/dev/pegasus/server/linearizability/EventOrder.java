package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The invocations and completions of one key's operations in time order, as the two lists the
 * search walks: the known operations' events (node {@code 2i} is known operation i's invocation,
 * {@code 2i+1} its completion) and the unknown operations' invocations (node j is unknown
 * operation j). Unknown operations have no completion event: they never complete.
 *
 * <p>At equal times invocations come first, so operations touching at an instant count as
 * concurrent: the checker never demands an order the clock could not see.
 */
final class EventOrder {
    private final DancingList knownEvents;
    private final DancingList unknownInvocations;
    /** Position in the merged time order of each known event and of each unknown invocation. */
    private final int[] knownPosition;
    private final int[] unknownPosition;

    private record Event(long time, boolean completion, long id, int node, boolean unknown) {}

    EventOrder(List<Operation> known, List<Operation> unknown) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            Operation op = known.get(i);
            events.add(new Event(op.invokeTime(), false, op.id(), invocation(i), false));
            events.add(new Event(op.completeTime(), true, op.id(), completion(i), false));
        }
        for (int j = 0; j < unknown.size(); j++) {
            events.add(new Event(unknown.get(j).invokeTime(), false, unknown.get(j).id(), j, true));
        }
        events.sort(Comparator.comparingLong(Event::time).thenComparing(Event::completion)
                .thenComparingLong(Event::id));
        knownPosition = new int[2 * known.size()];
        unknownPosition = new int[unknown.size()];
        int[] knownOrder = new int[knownPosition.length];
        int[] unknownOrder = new int[unknownPosition.length];
        int knownSeen = 0;
        int unknownSeen = 0;
        for (int p = 0; p < events.size(); p++) {
            Event event = events.get(p);
            if (event.unknown()) {
                unknownPosition[event.node()] = p;
                unknownOrder[unknownSeen++] = event.node();
            } else {
                knownPosition[event.node()] = p;
                knownOrder[knownSeen++] = event.node();
            }
        }
        knownEvents = new DancingList(knownOrder);
        unknownInvocations = new DancingList(unknownOrder);
    }

    static int invocation(int knownOp) {
        return 2 * knownOp;
    }

    static int completion(int knownOp) {
        return 2 * knownOp + 1;
    }

    static int operation(int knownEvent) {
        return knownEvent >> 1;
    }

    static boolean isCompletion(int knownEvent) {
        return (knownEvent & 1) == 1;
    }

    DancingList knownEvents() {
        return knownEvents;
    }

    DancingList unknownInvocations() {
        return unknownInvocations;
    }

    /** Whether unknown operation {@code unknownOp} was invoked before the known event {@code knownEvent}. */
    boolean invokedBefore(int unknownOp, int knownEvent) {
        return unknownPosition[unknownOp] < knownPosition[knownEvent];
    }

    /** Time-order position of a known event: later events have larger positions. */
    int position(int knownEvent) {
        return knownPosition[knownEvent];
    }
}
