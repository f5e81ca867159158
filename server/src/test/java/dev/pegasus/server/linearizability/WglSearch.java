package dev.pegasus.server.linearizability;

import static dev.pegasus.server.linearizability.DancingList.NIL;
import static dev.pegasus.server.linearizability.EventOrder.completion;
import static dev.pegasus.server.linearizability.EventOrder.invocation;
import static dev.pegasus.server.linearizability.EventOrder.isCompletion;
import static dev.pegasus.server.linearizability.EventOrder.operation;

import dev.pegasus.server.linearizability.KeyHistory.Step;
import dev.pegasus.server.linearizability.RegisterModel.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether one key's sub-history is linearizable with the Wing &amp; Gong search as improved
 * by Lowe (the algorithm of Knossos and porcupine).
 *
 * <p>The known operations' invocations and completions form a linked list in time order. The search
 * walks it from the front: any invocation before the first completion may be linearized next if
 * the register admits it, and is then unlinked together with its completion, so the list always
 * holds what remains to place. Reaching a completion means every candidate has been tried: the
 * search backtracks by popping the last linearized operation off its stack and relinking it. Each
 * node reached, a set of linearized operations and the value they leave, goes into a {@link Memo};
 * arriving at it again by another order cannot lead anywhere new.
 *
 * <p>Unknown operations never complete, so they are not in that list and never force backtracking.
 * They sit in a second list, in invocation order, and are candidates once invoked, tried after the
 * known candidates. The history is linearizable once every known operation is placed; unknown ones
 * left unplaced are the ones that never took effect.
 *
 * <p>Three reductions keep long histories tractable without losing any linearization:
 * <ul>
 * <li>A read or failed compare-and-set that the current value admits is linearized at once, as the
 * node's only child ({@link #admittedObservation}). Without this, every backtrack would retry each
 * subset of the concurrent reads.</li>
 * <li>An unknown operation is only tried where some other candidate needs the value it leaves
 * ({@link #needed}). An unknown operation can always move later, since no completion of its own
 * holds it back; in any linearization, an unknown operation followed by one that admits the value
 * before it can be moved past that one (if that one keeps the value) or dropped (if that one
 * overwrites it, or is a compare-and-set whose expected value is already there). Repeating this
 * gives a linearization in which each unknown operation is needed by the next. Without this rule,
 * every backtrack would retry each subset of the pending unknown operations, and a history recorded
 * across crashes has many.</li>
 * <li>Values no remaining operation compares with are interchangeable: the memo records them as
 * one, and of several unknown writes of such values only the first is tried.</li>
 * </ul>
 */
final class WglSearch {
    /** Stands for any value that no remaining operation compares with, in memo keys. */
    private static final int UNMENTIONED = -3;
    private static final long CLOCK_CHECK_MASK = (1 << 12) - 1;
    private static final int PATH_SHOWN = 8;

    private final KeyHistory history;
    private final long budgetNanos;
    private final int knownCount;
    /** Transition and operation of each bit: known operations first, then unknown ones. */
    private final Transition[] transitions;
    private final Operation[] operations;
    private final EventOrder events;
    private final DancingList known;
    private final DancingList unknown;
    private final LinearizedSet linearized;
    private final Memo memo = new Memo();
    private final DeadEndTracker deadEnds = new DeadEndTracker();

    /** The value the linearized operations leave in the register. */
    private int state;
    /** The known event the search looks at next, while not trying unknown operations. */
    private int cursor;
    private boolean tryingUnknown;
    /** The unknown operation the search tries next, while trying unknown operations. */
    private int unknownCursor = NIL;
    /** The first completion in the known list: candidates are what is invoked before it. */
    private int firstReturn = NIL;

    /** For each value, how many operations not yet linearized compare the register with it. */
    private final int[] mentions;
    /** Values wanted at the current node are those whose entry equals the stamp (see {@link #noteWantedValues}). */
    private final long[] wantedAt;
    private long wantedStamp;
    private boolean anyChangeWanted;
    /** The first candidate unknown write, in invocation order, of an unmentioned value; or NIL. */
    private int firstUnmentionedWrite;

    /**
     * Stack of linearized operations (bits), with the value before each, the first completion at the
     * time, and whether it was forced (see {@link #admittedObservation}), so popping one resumes the
     * search exactly where it was.
     */
    private final int[] stackBit;
    private final int[] stackState;
    private final int[] stackFirstReturn;
    private final boolean[] stackForced;
    private int depth;

    private WglSearch(KeyHistory history, long budgetNanos) {
        this.history = history;
        this.budgetNanos = budgetNanos;
        List<Step> knownSteps = history.known();
        List<Step> unknownSteps = history.unknown();
        knownCount = knownSteps.size();
        int total = knownCount + unknownSteps.size();
        transitions = new Transition[total];
        operations = new Operation[total];
        for (int bit = 0; bit < total; bit++) {
            Step step = bit < knownCount ? knownSteps.get(bit) : unknownSteps.get(bit - knownCount);
            transitions[bit] = step.transition();
            operations[bit] = step.operation();
        }
        events = new EventOrder(knownSteps.stream().map(Step::operation).toList(),
                unknownSteps.stream().map(Step::operation).toList());
        known = events.knownEvents();
        unknown = events.unknownInvocations();
        linearized = new LinearizedSet(knownCount, unknownSteps.size());
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

    private KeyVerdict search() {
        long started = System.nanoTime();
        long steps = 0;
        boolean atNewNode = true;
        while (!known.isEmpty()) {
            if ((++steps & CLOCK_CHECK_MASK) == 0 && System.nanoTime() - started > budgetNanos) {
                return KeyVerdict.undecided(ViolationReport.budgetExceeded(history,
                        Duration.ofNanos(System.nanoTime() - started), steps, deadEnds.furthest(history)));
            }
            if (atNewNode) {
                atNewNode = false;
                tryingUnknown = false;
                cursor = known.first();
                int observation = admittedObservation();
                if (observation != NIL) {
                    atNewNode = linearizeKnown(operation(observation), true);
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
                    unknownCursor = unknown.first();
                    noteWantedValues();
                } else if (linearizeKnown(operation(cursor), false)) {
                    atNewNode = true;
                } else {
                    cursor = known.next(cursor);
                }
                continue;
            }
            if (unknownCursor != NIL && events.invokedBefore(unknownCursor, firstReturn)) {
                if (needed(knownCount + unknownCursor) && linearizeUnknown(unknownCursor)) {
                    atNewNode = true;
                } else {
                    unknownCursor = unknown.next(unknownCursor);
                }
                continue;
            }
            deadEnds.note(events.position(firstReturn), operations[operation(firstReturn)], state, this::recentPath);
            if (!backtrack()) {
                return violation();
            }
        }
        return KeyVerdict.LINEARIZABLE;
    }

    private KeyVerdict violation() {
        return KeyVerdict.violation(ViolationReport.deadEnd(history, deadEnds.furthest(history)));
    }

    /**
     * A known candidate that keeps the value (a read, or a compare-and-set that failed) and that the
     * current value admits, or NIL. Linearizing it right away loses nothing: a linearization placing
     * it later still works with it moved here, since it changes no value and everything it must
     * follow is already placed. So it is the only child worth exploring.
     */
    private int admittedObservation() {
        for (int node = known.first(); !isCompletion(node); node = known.next(node)) {
            Transition transition = transitions[operation(node)];
            if (!transition.changesValue() && transition.admits(state)) {
                return node;
            }
        }
        return NIL;
    }

    /** Linearizes known operation {@code op} next if the register and the memo allow; says whether it did. */
    private boolean linearizeKnown(int op, boolean forced) {
        if (!linearize(op, forced)) {
            return false;
        }
        known.remove(invocation(op));
        known.remove(completion(op));
        return true;
    }

    /** Linearizes unknown operation {@code op} next if the register and the memo allow; says whether it did. */
    private boolean linearizeUnknown(int op) {
        if (!linearize(knownCount + op, false)) {
            return false;
        }
        unknown.remove(op);
        return true;
    }

    /**
     * Applies operation {@code bit} and pushes it, unless the register rejects it or the memo says
     * the node it leads to was explored already.
     */
    private boolean linearize(int bit, boolean forced) {
        int after = transitions[bit].apply(state);
        if (after == RegisterModel.REJECTED) {
            return false;
        }
        mark(bit);
        if (!memo.firstVisit(linearized.knownKey(memoValue(after)), linearized.unknownBits())) {
            unmark(bit);
            return false;
        }
        stackBit[depth] = bit;
        stackState[depth] = state;
        stackFirstReturn[depth] = firstReturn;
        stackForced[depth] = forced;
        depth++;
        state = after;
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
            boolean isKnown = bit < knownCount;
            if (isKnown) {
                known.restore(completion(bit));
                known.restore(invocation(bit));
            } else {
                unknown.restore(bit - knownCount);
            }
            if (stackForced[depth]) {
                continue;
            }
            if (isKnown) {
                tryingUnknown = false;
                cursor = known.next(invocation(bit));
            } else {
                tryingUnknown = true;
                firstReturn = stackFirstReturn[depth];
                unknownCursor = unknown.next(bit - knownCount);
                noteWantedValues();
            }
            return true;
        }
        return false;
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
        for (int node = known.first(); node != firstReturn; node = known.next(node)) {
            want(transitions[operation(node)]);
        }
        for (int op = unknown.first(); op != NIL && events.invokedBefore(op, firstReturn); op = unknown.next(op)) {
            Transition transition = transitions[knownCount + op];
            want(transition);
            if (firstUnmentionedWrite == NIL && !transition.inspectsValue() && unmentioned(transition.newValue())) {
                firstUnmentionedWrite = op;
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

    /** The last few operations on the stack, oldest first. */
    private List<Operation> recentPath() {
        List<Operation> path = new ArrayList<>();
        for (int d = Math.max(0, depth - PATH_SHOWN); d < depth; d++) {
            path.add(operations[stackBit[d]]);
        }
        return path;
    }
}
