package dev.pegasus.server.linearizability;

import java.util.List;
import java.util.Objects;

/**
 * The definition of linearizability applied literally, for cross-checking the real checker on small
 * single-key histories: try every order of the operations that respects real time, with every
 * unknown operation either placed somewhere after its invocation or left out, and accept if one
 * order explains every OK result. Exponential, and independent of {@link RegisterModel} on purpose.
 */
final class ExhaustiveChecker {
    private final List<Operation> operations;
    private final boolean[] placed;

    private ExhaustiveChecker(List<Operation> history) {
        operations = history.stream().filter(op -> op.outcome() != Outcome.FAILED).toList();
        placed = new boolean[operations.size()];
    }

    static boolean linearizable(List<Operation> singleKeyHistory, String initialValue) {
        return new ExhaustiveChecker(singleKeyHistory).extend(initialValue);
    }

    private boolean extend(String value) {
        if (allOkPlaced()) {
            return true;
        }
        for (int i = 0; i < operations.size(); i++) {
            if (placed[i] || !predecessorsPlaced(operations.get(i))) {
                continue;
            }
            Operation op = operations.get(i);
            if (!explains(op, value)) {
                continue;
            }
            placed[i] = true;
            boolean found = extend(after(op, value));
            placed[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code op}, run on {@code value}, gives its known result (an unknown one has none to give). */
    private static boolean explains(Operation op, String value) {
        if (op.outcome() != Outcome.OK) {
            return true;
        }
        if (op.op() instanceof Op.Read) {
            return Objects.equals(op.result(), value);
        }
        if (op.op() instanceof Op.Cas cas) {
            return op.result().equals(Objects.equals(cas.expected(), value));
        }
        return true;
    }

    /** The value after {@code op} runs on {@code value}; a failing cas leaves it unchanged. */
    private static String after(Operation op, String value) {
        if (op.op() instanceof Op.Write write) {
            return write.value();
        }
        if (op.op() instanceof Op.Cas cas && Objects.equals(cas.expected(), value)) {
            return cas.value();
        }
        return value;
    }

    /** Whether every OK operation that completed before {@code op} was invoked is already placed. */
    private boolean predecessorsPlaced(Operation op) {
        for (int j = 0; j < operations.size(); j++) {
            Operation other = operations.get(j);
            if (!placed[j] && other.outcome() == Outcome.OK && other.completeTime() < op.invokeTime()) {
                return false;
            }
        }
        return true;
    }

    private boolean allOkPlaced() {
        for (int i = 0; i < operations.size(); i++) {
            if (!placed[i] && operations.get(i).outcome() == Outcome.OK) {
                return false;
            }
        }
        return true;
    }
}
