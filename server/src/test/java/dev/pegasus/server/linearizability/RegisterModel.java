package dev.pegasus.server.linearizability;

import java.util.function.ToIntFunction;

/**
 * The semantics of one key's register, as the search needs them. Every operation, read together with
 * its outcome, becomes a {@link Transition}: a guard on the value before it and the value it leaves.
 * Values are interned to ints (absent is {@link #ABSENT}) so the search compares ints, not strings.
 *
 * <p>Folding the observed result into the transition is what makes a read or a cas "fit" a point of
 * a linearization: a read that returned "a" can only be placed where the register holds "a".
 */
final class RegisterModel {
    /** The interned value of an absent key. */
    static final int ABSENT = 0;
    /** Returned by {@link Transition#apply} when the operation cannot happen in the given state. */
    static final int REJECTED = -1;
    /** A transition's new value when it leaves the register unchanged. */
    private static final int KEEP = -2;

    private RegisterModel() {}

    /** What an operation requires of the value before it. */
    enum Guard { ANY, EQUALS, DIFFERS }

    /**
     * An operation's effect: allowed when the value before it satisfies {@code guard} against
     * {@code operand}; afterwards the register holds {@code newValue}, or is unchanged if it keeps it.
     */
    record Transition(Guard guard, int operand, int newValue) {
        int apply(int state) {
            if (!admits(state)) {
                return REJECTED;
            }
            return newValue == KEEP ? state : newValue;
        }

        boolean admits(int state) {
            return switch (guard) {
                case ANY -> true;
                case EQUALS -> state == operand;
                case DIFFERS -> state != operand;
            };
        }

        boolean changesValue() {
            return newValue != KEEP;
        }

        /** Whether this transition needs something of the value before it, which a write does not. */
        boolean inspectsValue() {
            return guard != Guard.ANY;
        }
    }

    /**
     * Whether {@code operation} can constrain or change the register at all. A failed operation never
     * happened; an unknown read has no result to check and changes nothing.
     */
    static boolean matters(Operation operation) {
        return switch (operation.outcome()) {
            case OK -> true;
            case UNKNOWN -> !(operation.op() instanceof Op.Read);
            case FAILED -> false;
        };
    }

    /**
     * The transition of an operation that {@link #matters}. An unknown cas is modeled as succeeding:
     * if it failed it changed nothing, which is the same as leaving it out, and the search may always
     * leave an unknown operation out.
     */
    static Transition transition(Operation operation, ToIntFunction<String> intern) {
        if (!matters(operation)) {
            throw new IllegalArgumentException("operation cannot affect the register: " + operation);
        }
        Op op = operation.op();
        if (op instanceof Op.Read) {
            return new Transition(Guard.EQUALS, intern.applyAsInt((String) operation.result()), KEEP);
        }
        if (op instanceof Op.Write write) {
            return new Transition(Guard.ANY, ABSENT, intern.applyAsInt(write.value()));
        }
        Op.Cas cas = (Op.Cas) op;
        int expected = intern.applyAsInt(cas.expected());
        boolean succeeded = operation.outcome() == Outcome.UNKNOWN || (Boolean) operation.result();
        return succeeded
                ? new Transition(Guard.EQUALS, expected, intern.applyAsInt(cas.value()))
                : new Transition(Guard.DIFFERS, expected, KEEP);
    }
}
