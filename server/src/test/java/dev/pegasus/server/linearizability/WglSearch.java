package dev.pegasus.server.linearizability;

import dev.pegasus.server.linearizability.KeyHistory.Step;
import dev.pegasus.server.linearizability.RegisterModel.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether one key's sub-history is linearizable with the Wing &amp; Gong search as improved
 * by Lowe (the algorithm of Knossos and porcupine).
 *
 * <p>The known operations' invocations and completions form a doubly linked list in time order. The
 * search walks it from the front: any invocation before the first completion may be linearized next
 * if the register admits it, and is then unlinked together with its completion, so the list always
 * holds what remains to place. Reaching a completion means everything concurrent has been tried:
 * the search backtracks by popping the last linearized operation and relinking it (dancing links).
 * Each reached pair of (linearized set, register value) is remembered; arriving at it again by a
 * different order cannot lead anywhere new, which is what makes the search practical.
 *
 * <p>Unknown operations never complete, so they are not in the list and never force backtracking.
 * They sit in a second list, in invocation order, and are candidates once invoked, tried after the
 * known candidates. The history is linearizable once every known operation is placed; unknown ones
 * left unplaced are the ones that never took effect. Trying them last places an unknown write as
 * late as possible, typically just before the read that saw it.
 */
final class WglSearch {
    private static final int NIL = -1;
    private static final long CLOCK_CHECK_MASK = (1 << 12) - 1;
    /**
     * Memo entries beyond which no more are added. The search stays correct without them, only
     * slower; the bound keeps a hopeless search within a test JVM's heap until its budget runs out.
     */
    private static final int MEMO_LIMIT = 1 << 20;
    private static final int DEAD_END_VALUES = 8;
    private static final int DEAD_END_PATH = 8;

    private final KeyHistory history;
    private final long budgetNanos;
    private final int knownCount;
    /** Transition of each operation by bit: known operations first, then unknown ones. */
    private final Transition[] transitions;
    private final Operation[] operations;

    /** The known operations' events: node 2i is operation i's invocation, 2i+1 its completion. */
    private final int head;
    private final int[] next;
    private final int[] prev;
    /** Time-order position of every event, known and unknown, to tell which unknown ones are invoked. */
    private final int[] position;
    /** The unknown operations' invocations: node j is unknown operation j. */
    private final int unknownHead;
    private final int[] unknownNext;
    private final int[] unknownPrev;
    private final int[] unknownPosition;

    private final LinearizedSet linearized;
    private final Set<LinearizedSet.Snapshot> memo = new HashSet<>();

    /** Stack of linearized operations (bits), the register value before each, and for unknown ones the completion they were placed before. */
    private final int[] stackBit;
    private final int[] stackState;
    private final int[] stackFirstReturn;
    private int depth;

    private int deadEndPosition = -1;
    private int deadEndReturn = NIL;
    private final Set<Integer> deadEndStates = new LinkedHashSet<>();
    private List<Operation> deadEndPath = List.of();

    private WglSearch(KeyHistory history, long budgetNanos) {
        this.history = history;
        this.budgetNanos = budgetNanos;
        List<Step> known = history.known();
        List<Step> unknown = history.unknown();
        knownCount = known.size();
        int total = knownCount + unknown.size();
        transitions = new Transition[total];
        operations = new Operation[total];
        for (int bit = 0; bit < total; bit++) {
            Step step = bit < knownCount ? known.get(bit) : unknown.get(bit - knownCount);
            transitions[bit] = step.transition();
            operations[bit] = step.operation();
        }
        head = 2 * knownCount;
        next = new int[head + 1];
        prev = new int[head + 1];
        position = new int[head + 1];
        unknownHead = unknown.size();
        unknownNext = new int[unknownHead + 1];
        unknownPrev = new int[unknownHead + 1];
        unknownPosition = new int[unknownHead + 1];
        linkEventsInTimeOrder();
        linearized = new LinearizedSet(knownCount, unknown.size());
        stackBit = new int[total];
        stackState = new int[total];
        stackFirstReturn = new int[total];
    }

    /** Searches with a time budget in nanoseconds ({@code Long.MAX_VALUE}: none). */
    static KeyVerdict run(KeyHistory history, long budgetNanos) {
        return new WglSearch(history, budgetNanos).search();
    }

    private record Event(long time, boolean completion, long id, int node, boolean unknown) {}

    /**
     * Sorts all events by time; at equal times invocations come first, so operations touching at an
     * instant count as concurrent: the checker never demands an order the clock could not see.
     */
    private void linkEventsInTimeOrder() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < knownCount; i++) {
            Operation op = operations[i];
            events.add(new Event(op.invokeTime(), false, op.id(), 2 * i, false));
            events.add(new Event(op.completeTime(), true, op.id(), 2 * i + 1, false));
        }
        for (int j = 0; j < unknownHead; j++) {
            Operation op = operations[knownCount + j];
            events.add(new Event(op.invokeTime(), false, op.id(), j, true));
        }
        events.sort(Comparator.comparingLong(Event::time).thenComparing(Event::completion)
                .thenComparingLong(Event::id));
        int lastKnown = head;
        int lastUnknown = unknownHead;
        for (int p = 0; p < events.size(); p++) {
            Event event = events.get(p);
            if (event.unknown()) {
                unknownPosition[event.node()] = p;
                unknownNext[lastUnknown] = event.node();
                unknownPrev[event.node()] = lastUnknown;
                lastUnknown = event.node();
            } else {
                position[event.node()] = p;
                next[lastKnown] = event.node();
                prev[event.node()] = lastKnown;
                lastKnown = event.node();
            }
        }
        next[lastKnown] = NIL;
        unknownNext[lastUnknown] = NIL;
    }

    private KeyVerdict search() {
        long started = System.nanoTime();
        long steps = 0;
        int state = history.initialState();
        int cursor = next[head];
        boolean tryingUnknown = false;
        int unknownCursor = NIL;
        int firstReturn = NIL;
        while (next[head] != NIL) {
            if ((++steps & CLOCK_CHECK_MASK) == 0 && System.nanoTime() - started > budgetNanos) {
                return KeyVerdict.undecided(ViolationReport.budgetExceeded(history,
                        Duration.ofNanos(System.nanoTime() - started), steps, deadEnd()));
            }
            if (!tryingUnknown) {
                if (isCompletion(cursor)) {
                    firstReturn = cursor;
                    tryingUnknown = true;
                    unknownCursor = unknownNext[unknownHead];
                    continue;
                }
                int bit = cursor >> 1;
                int after = tryLinearize(bit, state);
                if (after == RegisterModel.REJECTED) {
                    cursor = next[cursor];
                } else {
                    push(bit, state, NIL);
                    state = after;
                    unlink(cursor);
                    unlink(cursor + 1);
                    cursor = next[head];
                }
                continue;
            }
            if (unknownCursor != NIL && unknownPosition[unknownCursor] < position[firstReturn]) {
                int bit = knownCount + unknownCursor;
                int after = tryLinearize(bit, state);
                if (after == RegisterModel.REJECTED) {
                    unknownCursor = unknownNext[unknownCursor];
                } else {
                    push(bit, state, firstReturn);
                    state = after;
                    unlinkUnknown(unknownCursor);
                    tryingUnknown = false;
                    cursor = next[head];
                }
                continue;
            }
            noteDeadEnd(firstReturn, state);
            if (depth == 0) {
                return KeyVerdict.violation(ViolationReport.deadEnd(history, deadEnd()));
            }
            depth--;
            int bit = stackBit[depth];
            state = stackState[depth];
            linearized.remove(bit);
            if (bit < knownCount) {
                relink(2 * bit + 1);
                relink(2 * bit);
                tryingUnknown = false;
                cursor = next[2 * bit];
            } else {
                int node = bit - knownCount;
                relinkUnknown(node);
                firstReturn = stackFirstReturn[depth];
                unknownCursor = unknownNext[node];
            }
        }
        return KeyVerdict.LINEARIZABLE;
    }

    private static boolean isCompletion(int node) {
        return (node & 1) == 1;
    }

    /**
     * The register value after linearizing {@code bit} next, or REJECTED if the register does not
     * admit it or that (set, value) pair was reached before. On success the bit stays set.
     */
    private int tryLinearize(int bit, int state) {
        int after = transitions[bit].apply(state);
        if (after == RegisterModel.REJECTED) {
            return after;
        }
        linearized.add(bit);
        LinearizedSet.Snapshot reached = linearized.snapshot(after);
        boolean firstVisit = memo.size() < MEMO_LIMIT ? memo.add(reached) : !memo.contains(reached);
        if (!firstVisit) {
            linearized.remove(bit);
            return RegisterModel.REJECTED;
        }
        return after;
    }

    private void push(int bit, int state, int firstReturn) {
        stackBit[depth] = bit;
        stackState[depth] = state;
        stackFirstReturn[depth] = firstReturn;
        depth++;
    }

    private void unlink(int node) {
        next[prev[node]] = next[node];
        if (next[node] != NIL) {
            prev[next[node]] = prev[node];
        }
    }

    private void relink(int node) {
        next[prev[node]] = node;
        if (next[node] != NIL) {
            prev[next[node]] = node;
        }
    }

    private void unlinkUnknown(int node) {
        unknownNext[unknownPrev[node]] = unknownNext[node];
        if (unknownNext[node] != NIL) {
            unknownPrev[unknownNext[node]] = unknownPrev[node];
        }
    }

    private void relinkUnknown(int node) {
        unknownNext[unknownPrev[node]] = node;
        if (unknownNext[node] != NIL) {
            unknownPrev[unknownNext[node]] = node;
        }
    }

    /** Remembers the furthest completion the search could not get past, for the report. */
    private void noteDeadEnd(int completion, int state) {
        if (position[completion] > deadEndPosition) {
            deadEndPosition = position[completion];
            deadEndReturn = completion;
            deadEndStates.clear();
            List<Operation> path = new ArrayList<>();
            for (int d = Math.max(0, depth - DEAD_END_PATH); d < depth; d++) {
                path.add(operations[stackBit[d]]);
            }
            deadEndPath = path;
        }
        if (position[completion] == deadEndPosition && deadEndStates.size() < DEAD_END_VALUES) {
            deadEndStates.add(state);
        }
    }

    private DeadEnd deadEnd() {
        if (deadEndReturn == NIL) {
            return null;
        }
        List<String> values = deadEndStates.stream().map(history::describe).toList();
        return new DeadEnd(operations[deadEndReturn >> 1], values, deadEndPath);
    }
}
