package dev.pegasus.server.linearizability;

import dev.pegasus.server.linearizability.RegisterModel.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One key's sub-history made ready for the search: values interned, every operation that can matter
 * compiled to its {@link Transition}, and split into known and unknown operations.
 *
 * <p>Known (OK) operations are ordered by completion, which keeps the search's sets of linearized
 * operations compact (see {@link LinearizedSet}). Unknown operations are kept apart because they
 * are optional: a linearization must place every known operation but may leave any unknown one out.
 */
final class KeyHistory {
    /** An operation together with its compiled transition. */
    record Step(Operation operation, Transition transition) {}

    private final String key;
    private final List<String> values = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final int initialState;
    private final List<Step> known = new ArrayList<>();
    private final List<Step> unknown = new ArrayList<>();
    private final List<Operation> allParticipating = new ArrayList<>();
    private final List<Operation> impossible = new ArrayList<>();

    private KeyHistory(String key, List<Operation> operations, String initialValue) {
        this.key = key;
        intern(null);
        initialState = intern(initialValue);
        List<Step> steps = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.outcome() != Outcome.FAILED) {
                allParticipating.add(operation);
            }
            if (RegisterModel.matters(operation)) {
                steps.add(new Step(operation, RegisterModel.transition(operation, this::intern)));
            }
        }
        findImpossible(steps);
        for (Step step : steps) {
            (step.operation().outcome() == Outcome.OK ? known : unknown).add(step);
        }
        known.sort(Comparator.comparingLong((Step s) -> s.operation().completeTime())
                .thenComparingLong(s -> s.operation().invokeTime())
                .thenComparingLong(s -> s.operation().id()));
        unknown.sort(Comparator.comparingLong((Step s) -> s.operation().invokeTime())
                .thenComparingLong(s -> s.operation().id()));
    }

    /** Prepares the operations on {@code key}; {@code initialValue} is its value before any of them (null: absent). */
    static KeyHistory prepare(String key, List<Operation> operations, String initialValue) {
        return new KeyHistory(key, operations, initialValue);
    }

    String key() {
        return key;
    }

    int initialState() {
        return initialState;
    }

    /** Known operations in completion order; the search indexes them by position in this list. */
    List<Step> known() {
        return known;
    }

    /** Unknown operations that may matter, in invocation order. */
    List<Step> unknown() {
        return unknown;
    }

    /** Every operation that took part (all but FAILED ones), for describing the surroundings of a violation. */
    List<Operation> participatingOperations() {
        return allParticipating;
    }

    int participating() {
        return allParticipating.size();
    }

    /**
     * Known operations that need a value no operation ever wrote and the key did not start with, such
     * as a read of a value never written. Each one alone makes the key non-linearizable, and finding
     * them here reports them at once rather than after the search exhausts every ordering.
     */
    List<Operation> impossible() {
        return impossible;
    }

    /** How many distinct values were interned; ids run from 0 (absent) below it. */
    int valueCount() {
        return values.size();
    }

    /** The value an interned id stands for, rendered for messages. */
    String describe(int state) {
        return Values.quote(values.get(state));
    }

    private int intern(String value) {
        return ids.computeIfAbsent(value, v -> {
            values.add(v);
            return values.size() - 1;
        });
    }

    private void findImpossible(List<Step> steps) {
        Set<Integer> possible = new HashSet<>();
        possible.add(initialState);
        for (Step step : steps) {
            if (step.transition().changesValue()) {
                possible.add(step.transition().newValue());
            }
        }
        for (Step step : steps) {
            Transition transition = step.transition();
            boolean needsExactValue = transition.guard() == RegisterModel.Guard.EQUALS;
            if (step.operation().outcome() == Outcome.OK && needsExactValue && !possible.contains(transition.operand())) {
                impossible.add(step.operation());
            }
        }
    }
}
