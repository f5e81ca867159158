package dev.pegasus.server.linearizability;

import dev.pegasus.server.linearizability.KeyHistory.Step;
import dev.pegasus.server.linearizability.RegisterModel.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * left unplaced are the ones that never took effect.
 *
 * <p>An unknown operation is only tried where the next operation needs it: where some other
 * candidate is rejected by the current value but admitted by the value the unknown one leaves. This
 * loses no linearization. An unknown operation may always move later, since it has no completion
 * that others must follow; so in any linearization, an unknown operation followed by one that admits
 * the value before it can be moved past that one (if it leaves the value alone), or dropped (if it
 * overwrites the value, or is a compare-and-set whose expected value is already there). Repeating
 * this gives a linearization in which every unknown operation is needed by the next. Without that
 * rule, every backtrack would retry each subset of the pending unknown operations: exponential in
 * their number, which is what a history recorded across crashes has many of.
 */
final class WglSearch {
    private static final int NIL = -1;
    /** Stands for any value that no remaining operation compares with, in memo keys. */
    private static final int UNMENTIONED = -3;
    private static final long CLOCK_CHECK_MASK = (1 << 12) - 1;
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
    private final Memo memo = new Memo();

    /** The value the linearized operations leave in the register. */
    private int state;
    /** The known event the search looks at next, while not trying unknown operations. */
    private int cursor;
    private boolean tryingUnknown;
    /** The unknown operation the search tries next, while trying unknown operations. */
    private int unknownCursor = NIL;
    /** The first completion in the list: candidates are what is invoked before it. */
    private int firstReturn = NIL;
    /** Values wanted at the current node are those whose entry equals the stamp (see {@link #noteWantedValues}). */
    private final long[] wantedAt;
    private long wantedStamp;
    private boolean anyChangeWanted;
    /** The first unknown write, in invocation order, that is a candidate and writes an unmentioned value; or NIL. */
    private int firstUnmentionedWrite;
    /** For each value, how many operations not yet linearized compare the register with it. */
    private final int[] mentions;

    /**
     * Stack of linearized operations (bits), with the register value before each, the completion
     * that was first at the time, and whether it was forced (see {@link #admittedObservation}).
     */
    private final int[] stackBit;
    private final int[] stackState;
    private final int[] stackFirstReturn;
    private final boolean[] stackForced;
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
        stackForced = new boolean[total];
        state = history.initialState();
        wantedAt = new long[history.valueCount()];
        mentions = new int[history.valueCount()];
        for (Transition transition : transitions) {
            if (transition.inspectsValue()) {
                mentions[transition.operand()]++;
            }
        }
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
        boolean atNewNode = true;
        while (next[head] != NIL) {
            if ((++steps & CLOCK_CHECK_MASK) == 0 && System.nanoTime() - started > budgetNanos) {
                return KeyVerdict.undecided(ViolationReport.budgetExceeded(history,
                        Duration.ofNanos(System.nanoTime() - started), steps, deadEnd()));
            }
            if (atNewNode) {
                atNewNode = false;
                tryingUnknown = false;
                cursor = next[head];
                int observation = admittedObservation();
                if (observation != NIL) {
                    atNewNode = linearizeKnown(observation >> 1, true);
                    if (!atNewNode && !backtrack()) {
                        return violation();
                    }
                    continue;
                }
            }
            if (!tryingUnknown) {
                if (isCompletion(cursor)) {
                    firstReturn = cursor;
                    tryingUnknown = true;
                    unknownCursor = unknownNext[unknownHead];
                    noteWantedValues();
                } else if (linearizeKnown(cursor >> 1, false)) {
                    atNewNode = true;
                } else {
                    cursor = next[cursor];
                }
                continue;
            }
            if (unknownCursor != NIL && unknownPosition[unknownCursor] < position[firstReturn]) {
                if (needed(knownCount + unknownCursor) && linearizeUnknown(unknownCursor)) {
                    atNewNode = true;
                } else {
                    unknownCursor = unknownNext[unknownCursor];
                }
                continue;
            }
            noteDeadEnd();
            if (!backtrack()) {
                return violation();
            }
        }
        return KeyVerdict.LINEARIZABLE;
    }

    private KeyVerdict violation() {
        return KeyVerdict.violation(ViolationReport.deadEnd(history, deadEnd()));
    }

    /**
     * A known candidate that leaves the value alone (a read, or a compare-and-set that failed) and
     * that the current value admits, or NIL. Linearizing it right away loses nothing: any
     * linearization that places it later still works with it moved here, since it changes no value
     * and everything it must follow is already placed. So it is the only child worth exploring.
     */
    private int admittedObservation() {
        for (int node = next[head]; !isCompletion(node); node = next[node]) {
            Transition transition = transitions[node >> 1];
            if (!transition.changesValue() && transition.admits(state)) {
                return node;
            }
        }
        return NIL;
    }

    /** Linearizes known operation {@code bit} next if the register and the memo allow; says whether it did. */
    private boolean linearizeKnown(int bit, boolean forced) {
        int after = tryLinearize(bit);
        if (after == RegisterModel.REJECTED) {
            return false;
        }
        push(bit, forced);
        state = after;
        unlink(2 * bit);
        unlink(2 * bit + 1);
        return true;
    }

    /** Linearizes unknown operation {@code node} next if the register and the memo allow; says whether it did. */
    private boolean linearizeUnknown(int node) {
        int after = tryLinearize(knownCount + node);
        if (after == RegisterModel.REJECTED) {
            return false;
        }
        push(knownCount + node, false);
        state = after;
        unlinkUnknown(node);
        return true;
    }

    /**
     * Undoes linearizations, most recent first, until one was a choice with alternatives left, and
     * resumes with the candidate after it. Returns false when there is nothing left to undo.
     */
    private boolean backtrack() {
        while (depth > 0) {
            depth--;
            int bit = stackBit[depth];
            state = stackState[depth];
            unmark(bit);
            if (bit < knownCount) {
                relink(2 * bit + 1);
                relink(2 * bit);
            } else {
                relinkUnknown(bit - knownCount);
            }
            if (stackForced[depth]) {
                continue;
            }
            if (bit < knownCount) {
                tryingUnknown = false;
                cursor = next[2 * bit];
            } else {
                tryingUnknown = true;
                firstReturn = stackFirstReturn[depth];
                unknownCursor = unknownNext[bit - knownCount];
                noteWantedValues();
            }
            return true;
        }
        return false;
    }

    private static boolean isCompletion(int node) {
        return (node & 1) == 1;
    }

    /**
     * The register value after linearizing {@code bit} next, or REJECTED if the register does not
     * admit it or the memo says the node it leads to was explored. On success the bit stays set.
     */
    private int tryLinearize(int bit) {
        int after = transitions[bit].apply(state);
        if (after == RegisterModel.REJECTED) {
            return after;
        }
        mark(bit);
        if (!memo.firstVisit(linearized.knownKey(memoValue(after)), linearized.unknownBits())) {
            unmark(bit);
            return RegisterModel.REJECTED;
        }
        return after;
    }

    private void mark(int bit) {
        linearized.add(bit);
        if (transitions[bit].inspectsValue()) {
            mentions[transitions[bit].operand()]--;
        }
    }

    private void unmark(int bit) {
        linearized.remove(bit);
        if (transitions[bit].inspectsValue()) {
            mentions[transitions[bit].operand()]++;
        }
    }

    /** Whether no operation left to linearize compares the register with {@code value}. */
    private boolean unmentioned(int value) {
        return mentions[value] == 0;
    }

    /**
     * The value as the memo records it: every unmentioned value as one. The remaining operations
     * cannot tell unmentioned values apart, and no operation linearized later can mention one, so
     * nodes differing only in which unmentioned value the register holds have the same future.
     */
    private int memoValue(int value) {
        return unmentioned(value) ? UNMENTIONED : value;
    }

    /**
     * Notes which values the candidates at this node wait for: those that the current value rejects,
     * among the known invocations before {@code firstReturn} and the unknown ones invoked before it.
     * Called whenever the search starts or resumes trying unknown operations at a node.
     */
    private void noteWantedValues() {
        wantedStamp++;
        anyChangeWanted = false;
        firstUnmentionedWrite = NIL;
        for (int node = next[head]; node != firstReturn; node = next[node]) {
            want(transitions[node >> 1]);
        }
        int limit = position[firstReturn];
        for (int node = unknownNext[unknownHead]; node != NIL && unknownPosition[node] < limit; node = unknownNext[node]) {
            Transition transition = transitions[knownCount + node];
            want(transition);
            if (firstUnmentionedWrite == NIL && !transition.inspectsValue() && unmentioned(transition.newValue())) {
                firstUnmentionedWrite = node;
            }
        }
    }

    private void want(Transition candidate) {
        if (candidate.admits(state)) {
            return;
        }
        if (candidate.guard() == RegisterModel.Guard.EQUALS) {
            wantedAt[candidate.operand()] = wantedStamp;
        } else {
            anyChangeWanted = true; // a failed compare-and-set expecting the current value: any other will do
        }
    }

    /**
     * Whether unknown operation {@code bit} would leave a value that some waiting candidate wants.
     * Of the unknown writes of unmentioned values only the first is tried: they have the same guard
     * (none) and leave values nothing can tell apart, so any linearization using another one works
     * with the two swapped, and trying each would multiply the search by their number.
     */
    private boolean needed(int bit) {
        int after = transitions[bit].apply(state);
        if (after == RegisterModel.REJECTED || after == state || !(anyChangeWanted || wantedAt[after] == wantedStamp)) {
            return false;
        }
        boolean interchangeable = !transitions[bit].inspectsValue() && unmentioned(after);
        return !interchangeable || bit - knownCount == firstUnmentionedWrite;
    }

    private void push(int bit, boolean forced) {
        stackBit[depth] = bit;
        stackState[depth] = state;
        stackFirstReturn[depth] = firstReturn;
        stackForced[depth] = forced;
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
    private void noteDeadEnd() {
        int completion = firstReturn;
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
